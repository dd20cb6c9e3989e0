package dev.escarp.broker.filters;

import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.http.Router;
import dev.escarp.broker.metrics.BrokerMetrics;

/** Records each request's route, status and latency. */
final class MetricsFilter implements Filter {

  private final BrokerMetrics metrics;
  private final Router router;

  MetricsFilter(BrokerMetrics metrics, Router router) {
    this.metrics = metrics;
    this.router = router;
  }

  @Override
  public Route apply(Route next) {
    return request -> {
      long start = System.nanoTime();
      String route = router.routeName(request);
      return next.handle(request).whenComplete((response, failure) -> {
        if (response != null && !route.equals("/hold")) {
          metrics.requestServed(route, response.status(), System.nanoTime() - start);
        }
      });
    };
  }
}
