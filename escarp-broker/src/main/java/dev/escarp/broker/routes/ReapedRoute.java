package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.ReapedLease;
import java.util.concurrent.CompletableFuture;

/** {@code GET /reaped}: the last 50 leases reclaimed by expiry, newest last. */
final class ReapedRoute implements Route {

  private final LeaseTable table;

  ReapedRoute(LeaseTable table) {
    this.table = table;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode reaped = body.putArray("reaped");
    for (ReapedLease r : table.reaped()) {
      ObjectNode n = reaped.addObject();
      n.put("slot", r.slot());
      n.put("holder", r.holder());
      n.put("reason", r.reason());
      n.set("at", JsonTrees.epochSeconds(r.at()));
    }
    return CompletableFuture.completedFuture(ApiResponse.ok(body));
  }
}
