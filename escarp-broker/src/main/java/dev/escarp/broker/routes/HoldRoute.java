package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /hold {lease_token}}: ties a lease to a connection. Answered only when the lease
 * ends, with the slot's final record; if the connection closes first, the lease is released at
 * once. A holder killed by SIGKILL thus frees its slot as soon as the kernel closes its socket.
 */
final class HoldRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;
  private final Executor blocking;

  HoldRoute(LeaseTable table, SlotRecords records, Executor blocking) {
    this.table = table;
    this.records = records;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    LeaseToken token = RequestBody.parse(request.body()).requiredToken();
    CompletableFuture<LeaseEnd> ended = table.whenEnded(token).orElseThrow(Leases::unknownLease);
    request.connectionClosed().thenRunAsync(() -> {
      if (!ended.isDone()) {
        table.release(token);
      }
    }, blocking);
    return ended.thenApply(end -> {
      var record = records.publicRecord(end.slot());
      record.put("ended", end.reason().name().toLowerCase(java.util.Locale.ROOT));
      return ApiResponse.ok(record);
    });
  }
}
