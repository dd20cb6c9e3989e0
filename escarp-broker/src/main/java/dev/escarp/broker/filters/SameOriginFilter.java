package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;

/**
 * A state-changing console request must come from the daemon's own origin (403): an {@code
 * Origin} naming exactly the {@code Host}, or none (a non-browser client). Another loopback
 * origin, such as an agent's dev server on the same machine, passes the API's loopback check but
 * not this one.
 */
final class SameOriginFilter implements Filter {

  @Override
  public Route apply(Route next) {
    return request -> {
      if (request.isMutating() && !ConsoleCookie.sameOrigin(request.headers())) {
        throw new ApiException(403, "forbidden_origin",
            "the console's actions are taken from its own page; origin '" + request.header("origin").orElse("")
                + "' is not this daemon's");
      }
      return next.handle(request);
    };
  }
}
