package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.core.lease.JournalStatus;
import dev.escarp.core.lease.LeaseTable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /healthz}: {@code {"ok": true, "status": "ok"}} while the daemon serves, and {@code
 * "status": "degraded"} with the journal's problem while the lease journal cannot be written.
 *
 * <p>Degraded stays 200: {@code ok} means the daemon serves (status, heartbeats and the leases it
 * holds all still work, and clients read {@code ok} as "the daemon is up"). A 503 would tell a
 * supervisor to restart a daemon that a restart cannot fix (the disk is still full) and that
 * would lose heartbeats held only in memory. Acquire and release answer 507 meanwhile.
 */
final class HealthzRoute implements Route {

  private final LeaseTable table;

  HealthzRoute(LeaseTable table) {
    this.table = table;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    JournalStatus journal = table.journalStatus();
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("ok", true)
        .put("status", journal.writable() ? "ok" : "degraded");
    ObjectNode j = body.putObject("journal").put("writable", journal.writable())
        .put("write_failures", journal.failures());
    journal.failing().ifPresent(problem -> j.put("problem", problem));
    return CompletableFuture.completedFuture(ApiResponse.ok(body));
  }
}
