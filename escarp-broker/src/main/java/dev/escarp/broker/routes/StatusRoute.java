package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.clients.ClientAccount;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.PoolSnapshot;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /status}: the pool, every slot's public record, and with client tokens each client's
 * leases and waiting acquires beside its quotas. Which free slots other processes hold
 * is re-read from their lock files (off the event loop) when the last reading is older than 200
 * ms; otherwise the answer comes from memory, on the loop.
 */
final class StatusRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;
  private final Executor blocking;
  private final Callers callers;

  StatusRoute(LeaseTable table, SlotRecords records, Executor blocking, Callers callers) {
    this.callers = callers;
    this.table = table;
    this.records = records;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    if (!table.externalHoldersStale()) {
      return CompletableFuture.completedFuture(ApiResponse.ok(body(table.snapshot())));
    }
    return CompletableFuture.runAsync(table::refreshExternalHolders, blocking)
        .thenApply(done -> ApiResponse.ok(body(table.snapshot())));
  }

  private ObjectNode body(PoolSnapshot snapshot) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("pool_size", snapshot.poolSize());
    body.put("lease_ttl_s", snapshot.leaseTtl().toMillis() / 1000.0);
    body.put("reaper_interval_s", snapshot.reclaimDelay().toMillis() / 1000.0);
    body.set("slots", records.publicRecords(snapshot));
    if (callers.hasClients()) {
      body.set("clients", clients(snapshot));
    }
    return body;
  }

  /** Each client's leases and waiting acquires beside its quotas. */
  private ArrayNode clients(PoolSnapshot snapshot) {
    Map<String, Integer> waiting = table.stats().waitingByClient();
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (ClientAccount account : callers.accounts()) {
      ObjectNode n = list.addObject();
      n.put("name", account.name());
      n.put("leases", snapshot.slots().stream()
          .filter(s -> s.identity().flatMap(LeaseIdentity::client).filter(account.name()::equals).isPresent())
          .count());
      n.put("waiting", waiting.getOrDefault(account.name(), 0));
      putLimit(n, "max_leases", account.maxLeases());
      putLimit(n, "max_waiting", account.maxWaiting());
    }
    return list;
  }

  private static void putLimit(ObjectNode n, String field, OptionalInt limit) {
    if (limit.isPresent()) {
      n.put(field, limit.getAsInt());
    } else {
      n.putNull(field);
    }
  }
}
