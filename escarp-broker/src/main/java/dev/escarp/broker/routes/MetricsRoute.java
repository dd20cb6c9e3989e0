package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.metrics.BrokerMetrics;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.broker.pool.HealthSweep;
import dev.escarp.core.lease.LeaseTable;
import java.util.concurrent.CompletableFuture;

/** {@code GET /metrics}: Prometheus text format. */
final class MetricsRoute implements Route {

  private final LeaseTable table;
  private final BrokerMetrics metrics;
  private final HealthSweep sweep;
  private final BrowserDirectory browsers;

  MetricsRoute(LeaseTable table, BrokerMetrics metrics, HealthSweep sweep, BrowserDirectory browsers) {
    this.browsers = browsers;
    this.table = table;
    this.metrics = metrics;
    this.sweep = sweep;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    return CompletableFuture.completedFuture(ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8",
        metrics.render(table.stats(), table.journalStatus(), sweep.orphanCount())
            + metrics.backends().render(table.snapshot(), browsers.probeCounts())));
  }
}
