package dev.escarp.broker.filters;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.RequestHeaders;
import java.util.Optional;

/**
 * The API's rules for a WebSocket upgrade, which never reaches the filter chain: loopback Host
 * and Origin, and a known bearer token on {@code /connect/} when tokens are required.
 */
public final class UpgradeChecks {

  private final Callers callers;

  public UpgradeChecks(Callers callers) {
    this.callers = callers;
  }

  /** Why this upgrade is refused, if it is. */
  public Optional<ApiException> refusal(String path, RequestHeaders headers) {
    Optional<String> host = headers.get("host");
    if (host.isPresent() && !LoopbackOnlyFilter.isLoopbackHost(host.get())) {
      return Optional.of(new ApiException(403, "forbidden_origin", "Host '" + host.get() + "' is not a loopback address"));
    }
    Optional<String> origin = headers.get("origin");
    if (origin.isPresent() && !LoopbackOnlyFilter.isLoopbackOrigin(origin.get())) {
      return Optional.of(new ApiException(403, "forbidden_origin", "requests from origin '" + origin.get() + "' are refused"));
    }
    if (callers.tokenRequired() && !RelayPaths.isLeaseScoped(path)
        && callers.authenticate(headers.get("authorization")).isEmpty()) {
      return Optional.of(new ApiException(401, "unauthorized", callers.howToAuthenticate()));
    }
    return Optional.empty();
  }
}
