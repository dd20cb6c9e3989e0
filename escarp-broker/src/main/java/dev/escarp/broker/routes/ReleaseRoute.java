package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.lease.ReleaseResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /release {lease_token}}: ends the lease and answers at once with the slot's record
 * ({@code resetting} until the browser's reset is done).
 */
final class ReleaseRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;
  private final Executor blocking;

  ReleaseRoute(LeaseTable table, SlotRecords records, Executor blocking) {
    this.table = table;
    this.records = records;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    LeaseToken token = RequestBody.parse(request.body()).requiredToken();
    return CompletableFuture.supplyAsync(() -> table.release(token), blocking).thenApply(result -> {
      if (result instanceof ReleaseResult.Released released) {
        return ApiResponse.ok(records.publicRecord(released.slot()));
      }
      if (result instanceof ReleaseResult.NotSaved notSaved) {
        throw Leases.journalUnwritable("the lease was not released and is still active", notSaved.problem());
      }
      throw Leases.unknownLease();
    });
  }
}
