package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * With {@code ESCARP_API_TOKEN} set, every route needs {@code Authorization: Bearer <token>} (401),
 * or the console's login cookie from the daemon's own origin ({@link ConsoleCookie}), but a
 * lease's relayed endpoint, whose secret was handed out only against the token.
 */
final class BearerTokenFilter implements Filter {

  private final byte[] expected;
  private final ConsoleCookie cookie;

  BearerTokenFilter(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.cookie = new ConsoleCookie(token);
  }

  @Override
  public Route apply(Route next) {
    return request -> {
      if (RelayPaths.isLeaseScoped(request.path())) {
        return next.handle(request);
      }
      byte[] presented = request.header("authorization").orElse("").trim().getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(expected, presented) && !cookie.admits(request.headers())) {
        throw new ApiException(401, "unauthorized", "this daemon requires 'Authorization: Bearer <ESCARP_API_TOKEN>'");
      }
      return next.handle(request);
    };
  }
}
