package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.PoolChangeResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /pool/remove {slot, force?}}: stops brokering a slot and drops its lock. A leased
 * slot needs {@code force}. The browser keeps running; the CLI ends it afterwards.
 */
final class PoolRemoveRoute implements Route {

  private final LeaseTable table;
  private final BrowserDirectory browsers;
  private final Executor blocking;

  PoolRemoveRoute(LeaseTable table, BrowserDirectory browsers, Executor blocking) {
    this.table = table;
    this.browsers = browsers;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    RequestBody body = RequestBody.parse(request.body());
    int index = body.requiredSlot();
    boolean force = body.optionalFlag("force");
    return CompletableFuture.supplyAsync(() -> table.removeSlot(index, force), blocking).thenApply(result -> {
      if (result instanceof PoolChangeResult.Removed) {
        browsers.forget(index);
        return ApiResponse.ok(JsonNodeFactory.instance.objectNode().put("removed", true).put("slot", index));
      }
      if (result instanceof PoolChangeResult.NotInPool) {
        throw new ApiException(404, "unknown_slot", "slot " + index + " is not in the pool");
      }
      if (result instanceof PoolChangeResult.Leased) {
        throw new ApiException(409, "slot_leased", "slot " + index + " is leased; pass \"force\": true to remove it anyway");
      }
      throw new ApiException(409, "pool_error", "slot " + index + " could not be removed: " + result);
    });
  }
}
