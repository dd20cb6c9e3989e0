package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.PoolSnapshot;
import java.util.concurrent.CompletableFuture;

/** {@code GET /status}: the pool, every slot's public record. */
final class StatusRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;

  StatusRoute(LeaseTable table, SlotRecords records) {
    this.table = table;
    this.records = records;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    PoolSnapshot snapshot = table.snapshot();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("pool_size", snapshot.poolSize());
    body.put("lease_ttl_s", snapshot.leaseTtl().toMillis() / 1000.0);
    body.put("reaper_interval_s", snapshot.reclaimDelay().toMillis() / 1000.0);
    body.set("slots", records.publicRecords(snapshot));
    return CompletableFuture.completedFuture(ApiResponse.ok(body));
  }
}
