package dev.escarp.broker.filters;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import java.util.Optional;

/**
 * With {@code ESCARP_API_TOKEN} set or client tokens configured, every route needs {@code
 * Authorization: Bearer <token>} of a known caller (401), or the console's login cookie from the
 * daemon's own origin ({@link ConsoleCookie}), but a lease's relayed endpoint, whose secret was
 * handed out only against a token.
 */
final class BearerTokenFilter implements Filter {

  private final Callers callers;
  private final Optional<ConsoleCookie> cookie;

  BearerTokenFilter(Callers callers) {
    this.callers = callers;
    this.cookie = callers.apiToken().map(ConsoleCookie::new);
  }

  @Override
  public Route apply(Route next) {
    return request -> {
      if (!callers.tokenRequired() || RelayPaths.isLeaseScoped(request.path())) {
        return next.handle(request);
      }
      if (callers.authenticate(request.header("authorization")).isEmpty()
          && !cookie.map(c -> c.admits(request.headers())).orElse(false)) {
        throw new ApiException(401, "unauthorized", callers.howToAuthenticate());
      }
      return next.handle(request);
    };
  }
}
