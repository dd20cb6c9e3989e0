package dev.escarp.mcp.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.PoolView;
import dev.escarp.mcp.lease.StatusOutcome;
import dev.escarp.mcp.session.LostLease;
import dev.escarp.mcp.session.SessionLease;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code escarp_status}: the pool, slot by slot, and what this session holds. */
public final class StatusTool {

  public static final String NAME = "escarp_status";

  private final SessionLookup sessions;
  private final long shimPid;

  public StatusTool(SessionLease session, long shimPid) {
    this(SessionLookup.single(session), shimPid);
  }

  /** @param shimPid the process serving the session: the shim's, or the daemon's over HTTP */
  public StatusTool(SessionLookup sessions, long shimPid) {
    this.sessions = sessions;
    this.shimPid = shimPid;
  }

  public McpServerFeatures.SyncToolSpecification specification() {
    McpSchema.Tool tool = McpSchema.Tool.builder(NAME, Schemas.object(Map.of(), List.of()))
        .title("Browser pool status")
        .description("Show the escarp browser pool: each slot's state (free, leased, external: held by another "
            + "process), holder, expiry and retry advice (retry_after_s), CDP endpoint and identity; plus the slot "
            + "this session holds (currently_holding_slot), how often its browser died and was relaunched "
            + "(browser_restarts: reconnect when it grows) and any lease it lost.")
        .outputSchema(outputSchema())
        .build();
    return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> sessions.forSession(exchange.sessionId()).map(this::call)
            .orElseGet(ToolResults::sessionEnded))
        .build();
  }

  /** For tests: a call on the session every id maps to. */
  McpSchema.CallToolResult call() {
    return call(sessions.forSession("").orElseThrow());
  }

  McpSchema.CallToolResult call(SessionLease session) {
    Optional<HeldLease> holding = session.holding();
    StatusOutcome outcome = session.backend().status();
    Optional<LostLease> unreported = session.takeUnreportedLoss();
    if (outcome instanceof StatusOutcome.Refused refused) {
      return ToolResults.error(refused.refusal(), unreported);
    }
    PoolView pool = ((StatusOutcome.Seen) outcome).pool();
    ObjectNode view = ToolResults.JSON.createObjectNode();
    view.put("mode", session.backend().mode());
    view.put("shim_pid", shimPid);
    view.put("pool_size", pool.poolSize());
    if (pool.leaseTtlSeconds().isPresent()) {
      view.put("lease_ttl_s", pool.leaseTtlSeconds().getAsDouble());
    } else {
      view.putNull("lease_ttl_s");
    }
    if (holding.isPresent()) {
      view.put("currently_holding_slot", holding.get().slot());
    } else {
      view.putNull("currently_holding_slot");
    }
    OptionalInt restarts = session.browserRestarts();
    if (restarts.isPresent()) {
      view.put("browser_restarts", restarts.getAsInt());
    } else {
      view.putNull("browser_restarts");
    }
    ToolResults.putLoss(view, session.lastLoss());
    ArrayNode slots = view.putArray("slots");
    for (ObjectNode slot : pool.slots()) {
      slot.put("held_by_this_session", holding.map(h -> h.slot() == slot.path("slot").asInt(-1)).orElse(false));
      slots.add(slot);
    }
    return ToolResults.ok(view);
  }

  static Map<String, Object> outputSchema() {
    Map<String, Object> slot = new LinkedHashMap<>(Schemas.slotProperties());
    slot.put("state", Schemas.field("free, leased, external (held by another process), resetting or unhealthy",
        "string"));
    slot.put("holder_pid", Schemas.field("pid of the process holding the slot, when known", "integer", "null"));
    slot.put("suspected_stale", Schemas.field("leased, but its last heartbeat is older than TTL/2", "boolean"));
    slot.put("available_after_s", Schemas.field("seconds until the slot is free at the latest (0 when free; "
        + "null when its holder has no expiry)", "number", "null"));
    slot.put("retry_after_s", Schemas.field("seconds to wait before retrying an acquire for it", "number", "null"));
    slot.put("problem", Schemas.field("why an unhealthy slot is out of service; on a leased slot, "
        + "browser_restarted when its browser died and the daemon relaunched it", "string", "null"));
    slot.put("browser_restarts", Schemas.field("how often a leased slot's browser was relaunched under its lease",
        "integer"));
    slot.put("held_by_this_session", Schemas.field("true for the slot this session leased", "boolean"));

    Map<String, Object> p = new LinkedHashMap<>();
    p.put("mode", Schemas.field("daemon (leases from the escarp daemon) or embedded (no daemon: the pool's "
        + "lock files)", "string"));
    p.put("shim_pid", Schemas.field("the process serving this session: the escarp-mcp shim, or the daemon over HTTP", "integer"));
    p.put("pool_size", Schemas.field("number of slots", "integer"));
    p.put("lease_ttl_s", Schemas.field("lease lifetime without a heartbeat; null in embedded mode", "number", "null"));
    p.put("currently_holding_slot", Schemas.field("the slot this session holds, or null", "integer", "null"));
    p.put("browser_restarts", Schemas.field("how often the held slot's browser died and was relaunched under this "
        + "session's lease (its tabs and CDP connections were lost; reconnect); null when holding nothing",
        "integer", "null"));
    p.put("lease_lost", Schemas.lostLease());
    Map<String, Object> items = Schemas.object(slot, List.of("slot", "state", "cdp_port"));
    Map<String, Object> slots = Schemas.field("every slot of the pool, by index", "array");
    slots.put("items", items);
    p.put("slots", slots);
    return Schemas.object(p, List.of("mode", "pool_size", "currently_holding_slot", "slots"));
  }
}
