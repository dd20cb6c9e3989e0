package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The API's rules for a WebSocket upgrade, which never reaches the filter chain: loopback Host
 * and Origin, and the bearer token on {@code /connect/} when one is set.
 */
public final class UpgradeChecks {

  private final Optional<byte[]> expected;

  public UpgradeChecks(Optional<String> apiToken) {
    this.expected = apiToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
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
    if (expected.isPresent() && !RelayPaths.isLeaseScoped(path)) {
      byte[] presented = headers.get("authorization").orElse("").trim().getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(expected.get(), presented)) {
        return Optional.of(new ApiException(401, "unauthorized",
            "this daemon requires 'Authorization: Bearer <ESCARP_API_TOKEN>'"));
      }
    }
    return Optional.empty();
  }
}
