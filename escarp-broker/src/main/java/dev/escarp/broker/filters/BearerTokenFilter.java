package dev.escarp.broker.filters;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;

/**
 * With {@code ESCARP_API_TOKEN} set or client tokens configured, every route needs {@code
 * Authorization: Bearer <token>} of a known caller (401), but a lease's relayed endpoint, whose
 * secret was handed out only against a token.
 */
final class BearerTokenFilter implements Filter {

  private final Callers callers;

  BearerTokenFilter(Callers callers) {
    this.callers = callers;
  }

  @Override
  public Route apply(Route next) {
    return request -> {
      if (!callers.tokenRequired() || RelayPaths.isLeaseScoped(request.path())) {
        return next.handle(request);
      }
      if (callers.authenticate(request.header("authorization")).isEmpty()) {
        throw new ApiException(401, "unauthorized", callers.howToAuthenticate());
      }
      return next.handle(request);
    };
  }
}
