package dev.escarp.broker.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.slot.RemoteBrowser;
import dev.escarp.core.slot.Slot;
import dev.escarp.http.PlainHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * Chromium's discovery routes ({@code /json/version}, {@code /json/list}, {@code /json/new},
 * {@code /json/activate/<id>}, {@code /json/close/<id>}, {@code /json/protocol}) asked of a
 * slot's browser, with every DevTools URL in the answer rewritten to go through the relay.
 */
final class BrowserJson {

  private static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(10);
  private static final String JSON = "application/json; charset=UTF-8";

  private final HttpClient http;
  private final Executor executor;
  /** Each local slot's browser WebSocket URL now, as the directory knows it (a restart changes it). */
  private final IntFunction<Optional<String>> currentBrowser;
  /** Each local slot's last {@code /json/version} answer, valid while its browser is the same one. */
  private final Map<Integer, Version> versions = new ConcurrentHashMap<>();

  /** A browser's own {@code /json/version} body, and the browser URL it names. */
  private record Version(String webSocketDebuggerUrl, String body) {}

  BrowserJson(Executor executor, IntFunction<Optional<String>> currentBrowser) {
    this.executor = executor;
    this.currentBrowser = currentBrowser;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .executor(executor)
        .build();
  }

  /**
   * @param route the part after the lease's base: {@code /json/...}
   * @param relayBase host, port and path of the lease's relay, e.g. {@code 127.0.0.1:7878/cdp/<secret>}
   */
  CompletableFuture<ApiResponse> forward(Slot slot, String method, String route, String rawQuery,
      String relayBase) {
    String path = normalize(route);
    if (!method.equals("GET") && !method.equals("PUT")) {
      throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + "; use GET or PUT");
    }
    // Chromium takes /json/new only as PUT; clients still send GET.
    String browserMethod = path.equals("/json/new") ? "PUT" : "GET";
    // A remote's own query (its token) goes with every request, after the holder's.
    String remoteQuery = slot.remote().map(RemoteBrowser::rawQuery).orElse("");
    String query = rawQuery.isEmpty() ? remoteQuery : remoteQuery.isEmpty() ? rawQuery : rawQuery + "&" + remoteQuery;
    String own = hostPort(slot);
    boolean version = path.equals("/json/version") && query.isEmpty();
    if (version && slot.isLocal()) {
      // Clients ask this before every connection (connectOverCDP does); while the slot's browser is the
      // one that answered last, its answer stands, and the relay routes the browser endpoint anyway.
      Optional<Version> known = Optional.ofNullable(versions.get(slot.index()))
          .filter(v -> currentBrowser.apply(slot.index()).filter(v.webSocketDebuggerUrl()::equals).isPresent());
      if (known.isPresent()) {
        return CompletableFuture.completedFuture(answer(200, JSON, known.get().body(), own, relayBase));
      }
    }
    if (slot.isLocal()) {
      // One blocking loopback exchange on the blocking executor: the JDK client's selector and
      // executor hand-offs cost milliseconds per request on a busy host, and connectOverCDP waits for it.
      String target = path + (query.isEmpty() ? "" : "?" + query);
      return CompletableFuture.supplyAsync(() -> {
        try {
          PlainHttp.Response reply = PlainHttp.exchange(URI.create(slot.cdpHttpUrl()), browserMethod, target,
              Optional.empty(), Optional.empty(), LOCAL_TIMEOUT, LOCAL_TIMEOUT);
          String body = new String(reply.body(), StandardCharsets.UTF_8);
          if (version && reply.status() == 200) {
            remember(slot.index(), body);
          }
          return answer(reply.status(), JSON, body, own, relayBase);
        } catch (IOException e) {
          throw unavailable(own, e);
        }
      }, executor);
    }
    URI uri = URI.create(slot.cdpHttpUrl() + path + (query.isEmpty() ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .method(browserMethod, HttpRequest.BodyPublishers.noBody());
    slot.remote().ifPresent(r -> r.headers().forEach(request::header));
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle((response, failure) -> {
          if (failure != null) {
            throw unavailable(own, failure);
          }
          return answer(response.statusCode(), response.headers().firstValue("content-type").orElse("text/plain"),
              response.body(), own, relayBase);
        });
  }

  private void remember(int slot, String body) {
    try {
      JsonNode url = JsonTrees.parse(body).path("webSocketDebuggerUrl");
      if (url.isTextual()) {
        versions.put(slot, new Version(url.asText(), body));
      }
    } catch (IOException | RuntimeException e) {
      versions.remove(slot); // not JSON: ask again next time
    }
  }

  /**
   * A remote given only by its WebSocket URL serves no {@code /json/*}: its {@code /json/version}
   * is answered from what the probe learnt, pointing at the relay, and the other routes are refused.
   */
  static ApiResponse versionOnly(String route, BrowserVersion version, String relayBase) {
    String path = normalize(route);
    if (!path.equals("/json/version")) {
      throw new ApiException(404, "not_found", "this remote browser was given by its WebSocket URL only: "
          + "the relay answers /json/version for it, not " + path + "; use the lease's cdp_ws_url");
    }
    ObjectNode body = JsonTrees.object();
    body.put("Browser", version.browser());
    body.put("Protocol-Version", version.protocolVersion());
    body.put("User-Agent", version.userAgent());
    body.put("webSocketDebuggerUrl", "ws://" + relayBase + version.webSocketDebuggerUrl().getRawPath());
    return ApiResponse.text(200, "application/json; charset=UTF-8", body.toString());
  }

  /** How the browser names itself in its DevTools URLs: {@code host:port}. */
  static String hostPort(Slot slot) {
    return slot.remote().map(r -> r.hostForUrl() + ":" + r.port()).orElse("127.0.0.1:" + slot.cdpPort());
  }

  private static String normalize(String route) {
    String path = route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    if (path.equals("/json")) {
      return "/json/list";
    }
    if (path.equals("/json/version") || path.equals("/json/list") || path.equals("/json/new")
        || path.equals("/json/protocol") || isTargetRoute(path, "/json/activate/")
        || isTargetRoute(path, "/json/close/")) {
      return path;
    }
    throw new ApiException(404, "not_found", "the relay answers /json/version, /json/list, /json/new, "
        + "/json/activate/<id>, /json/close/<id> and /json/protocol; not " + route);
  }

  private static boolean isTargetRoute(String path, String prefix) {
    return path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0;
  }

  private static ApiResponse answer(int code, String type, String body, String own, String relayBase) {
    if (code / 100 != 2) {
      int status = code == 404 ? 404 : 400;
      throw new ApiException(status, status == 404 ? "unknown_target" : "browser_refused",
          "the browser answered " + code + ": " + body.strip());
    }
    return ApiResponse.text(200, type, rewrite(body, own, relayBase));
  }

  /** Points the browser's own DevTools URLs (WebSocket and front-end {@code ws=} forms) at the relay. */
  static String rewrite(String body, int cdpPort, String relayBase) {
    return rewrite(body, "127.0.0.1:" + cdpPort, relayBase);
  }

  /** As above, for a browser that names itself {@code hostPort} (a remote one, say). */
  static String rewrite(String body, String hostPort, String relayBase) {
    String own = hostPort + "/devtools/";
    String relayed = relayBase + "/devtools/";
    return body.replace("ws://" + own, "ws://" + relayed).replace("ws=" + own, "ws=" + relayed);
  }

  private static ApiException unavailable(String hostPort, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    String why = cause instanceof ConnectException ? "is not answering (it may be restarting)"
        : cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException ? "did not answer in time"
        : "failed: " + cause;
    return new ApiException(409, "browser_unavailable", "the slot's browser at " + hostPort + " " + why);
  }
}
