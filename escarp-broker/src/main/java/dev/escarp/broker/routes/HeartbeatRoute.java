package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.HeartbeatResult;
import dev.escarp.core.lease.LeaseTable;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** {@code POST /heartbeat {lease_token}}: extends the lease; answered on the event loop (no I/O). */
final class HeartbeatRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;

  HeartbeatRoute(LeaseTable table, SlotRecords records) {
    this.table = table;
    this.records = records;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    HeartbeatResult result = table.heartbeat(RequestBody.parse(request.body()).requiredToken());
    if (result instanceof HeartbeatResult.Renewed renewed) {
      return CompletableFuture.completedFuture(ApiResponse.ok(records.leaseRecord(renewed.lease(), Instant.now())));
    }
    throw Leases.unknownLease();
  }
}
