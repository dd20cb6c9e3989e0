package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.lease.ReleaseResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /hold {lease_token}}: ties a lease to a connection. Answered only when the lease
 * ends, with the slot's final record; if the connection closes first, the lease is released at
 * once. A holder killed by SIGKILL thus frees its slot as soon as the kernel closes its socket.
 * A release the journal refused ({@code NotSaved}) is tried again every {@link #RETRY} until it is
 * saved or the lease ends otherwise: nobody is left to retry it, and a lease must not outlive its
 * holder by a whole TTL because one write failed.
 */
final class HoldRoute implements Route {

  static final Duration RETRY = Duration.ofSeconds(1);

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
    request.connectionClosed().thenRunAsync(() -> releaseUntilSaved(token, ended), blocking);
    return ended.thenApply(end -> {
      var record = records.publicRecord(end.slot());
      record.put("ended", end.reason().name().toLowerCase(java.util.Locale.ROOT));
      return ApiResponse.ok(record);
    });
  }

  private void releaseUntilSaved(LeaseToken token, CompletableFuture<LeaseEnd> ended) {
    if (!ended.isDone() && table.release(token) instanceof ReleaseResult.NotSaved) {
      Executor later = CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS, blocking);
      CompletableFuture.runAsync(() -> releaseUntilSaved(token, ended), later);
    }
  }
}
