package dev.escarp.broker.routes;

import dev.escarp.broker.approval.Approvals;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.LeaseTable;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /approve {lease_id}} and {@code POST /reject {lease_id}}: a human's decision on a
 * supervised lease waiting for one. 404 {@code unknown_lease} when no pending lease has that id;
 * else the slot's public record. Memory only: answered on the event loop.
 */
final class ApprovalRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;
  private final Approvals approvals;
  private final boolean approve;

  private ApprovalRoute(LeaseTable table, SlotRecords records, Approvals approvals, boolean approve) {
    this.table = table;
    this.records = records;
    this.approvals = approvals;
    this.approve = approve;
  }

  static ApprovalRoute approve(LeaseTable table, SlotRecords records, Approvals approvals) {
    return new ApprovalRoute(table, records, approvals, true);
  }

  static ApprovalRoute reject(LeaseTable table, SlotRecords records, Approvals approvals) {
    return new ApprovalRoute(table, records, approvals, false);
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    String leaseId = RequestBody.parse(request.body()).optionalText("lease_id")
        .orElseThrow(() -> ApiException.badField("'lease_id' must be a non-empty string"));
    Optional<Integer> slot = approve ? approvals.approve(leaseId) : approvals.reject(leaseId);
    if (slot.isEmpty()) {
      throw new ApiException(404, "unknown_lease", "no supervised lease waiting for approval has that lease_id");
    }
    return CompletableFuture.completedFuture(ApiResponse.ok(records.publicRecord(
        table.snapshot().slot(slot.get()).orElseThrow(() -> new ApiException(404, "unknown_lease",
            "the lease's slot left the pool")))));
  }
}
