package dev.escarp.broker.relay;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.slot.RemoteBrowser;
import java.util.concurrent.CompletableFuture;

/**
 * The relay's HTTP side: Chromium's {@code /json/*} discovery routes under a lease's
 * {@code /cdp/<secret>}, or under {@code /connect/<holder>} (which acquires first), answered by
 * the slot's browser with its URLs pointing back through the relay. Behind the API's filters.
 */
final class DiscoveryRoute implements Route {

  private final LeaseRelay relay;

  DiscoveryRoute(LeaseRelay relay) {
    this.relay = relay;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    RelayPath path = RelayPath.parse(request.path())
        .orElseThrow(() -> new ApiException(404, "not_found", "no route " + request.path()));
    String host = request.header("host").orElse("127.0.0.1:" + relay.port());
    CompletableFuture<RelayLease> lease = path.connect()
        ? relay.connects().join(path.key(), relay.connectOptions(request.rawQuery(), request.header("authorization")))
        : CompletableFuture.completedFuture(relay.registry().find(path.key()).orElseThrow(LeaseRelay::unknownLease));
    String rawQuery = path.connect() ? "" : request.rawQuery(); // a connect URL's query is escarp's, not the browser's
    return lease.thenCompose(found -> {
      found.used();
      String route = path.rest().isEmpty() ? "/json/version" : path.rest();
      if (found.slot.remote().filter(RemoteBrowser::webSocketOnly).isPresent()) {
        return CompletableFuture.completedFuture(BrowserJson.versionOnly(route,
            relay.browserVersion(found.slot).orElseThrow(() -> new ApiException(409, "browser_unavailable",
                "remote browser " + found.slot.remote().get().name() + " has not answered yet")),
            relay.relayBase(host, found)));
      }
      return relay.json().forward(found.slot, request.method(), route, rawQuery, relay.relayBase(host, found));
    });
  }
}
