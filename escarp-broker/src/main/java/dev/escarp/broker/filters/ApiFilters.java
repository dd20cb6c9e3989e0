package dev.escarp.broker.filters;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.http.Router;
import dev.escarp.broker.metrics.BrokerMetrics;

/**
 * The filters every route of the API sits behind, in their order: errors become JSON replies,
 * requests are counted by route, only loopback callers get in, the bearer token is checked when
 * tokens are required (API token or client tokens), and a mutating request must say it sends JSON.
 */
public final class ApiFilters {

  private ApiFilters() {
  }

  /**
   * The checks a streaming route ({@code /mcp}) sits behind: loopback Host and Origin (DNS
   * rebinding), and a known bearer token when tokens are required. They refuse by throwing {@code ApiException}.
   */
  public static Filter guard(Callers callers) {
    return new LoopbackOnlyFilter().andThen(new BearerTokenFilter(callers));
  }

  /**
   * What the console's public files (its page, script, style and login) sit behind: loopback
   * Host and Origin, no token (they hold no data; the page asks for the token), and for a
   * mutating request JSON from the daemon's own origin.
   */
  public static Filter consolePublic() {
    return new LoopbackOnlyFilter().andThen(new JsonContentTypeFilter()).andThen(new SameOriginFilter());
  }

  /**
   * What the console's data and actions sit behind: the API's checks (loopback Host and Origin,
   * the bearer token or the console's cookie when a token is set), and for a mutating request JSON
   * from the daemon's own origin.
   */
  public static Filter console(Callers callers) {
    return guard(callers).andThen(new JsonContentTypeFilter()).andThen(new SameOriginFilter());
  }

  /** The router behind the filters; {@code metrics} counts by the router's route names. */
  public static Route around(Router router, BrokerMetrics metrics, Callers callers) {
    Filter filters = new ErrorFilter()
        .andThen(new MetricsFilter(metrics, router))
        .andThen(new LoopbackOnlyFilter())
        .andThen(new BearerTokenFilter(callers));
    return filters.andThen(new JsonContentTypeFilter()).apply(router);
  }
}
