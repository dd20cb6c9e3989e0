package dev.escarp.mcp.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.mcp.lease.ReleaseReport;
import dev.escarp.mcp.session.LostLease;
import dev.escarp.mcp.session.SessionLease;
import dev.escarp.mcp.session.SessionRelease;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code escarp_release}: give this session's browser back, reset. */
public final class ReleaseTool {

  public static final String NAME = "escarp_release";

  private final SessionLookup sessions;

  public ReleaseTool(SessionLease session) {
    this(SessionLookup.single(session));
  }

  public ReleaseTool(SessionLookup sessions) {
    this.sessions = sessions;
  }

  public McpServerFeatures.SyncToolSpecification specification() {
    McpSchema.Tool tool = McpSchema.Tool.builder(NAME, Schemas.object(Map.of(), List.of()))
        .title("Release the browser")
        .description("Give back the browser this session leased with escarp_acquire. Its tabs are closed and a "
            + "blank one opened before anyone else gets it; the result says how the reset went. Releasing when "
            + "nothing is held is harmless.")
        .outputSchema(outputSchema())
        .build();
    return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> sessions.forSession(exchange.sessionId()).map(ReleaseTool::call)
            .orElseGet(ToolResults::sessionEnded))
        .build();
  }

  /** For tests: a call on the session every id maps to. */
  McpSchema.CallToolResult call() {
    return call(sessions.forSession("").orElseThrow());
  }

  static McpSchema.CallToolResult call(SessionLease session) {
    SessionRelease outcome = session.release();
    Optional<LostLease> loss = session.takeUnreportedLoss();
    ObjectNode view = ToolResults.JSON.createObjectNode();
    if (outcome instanceof SessionRelease.Released released) {
      ReleaseReport report = released.report();
      view.put("released", report.released());
      view.put("slot", report.slot());
      view.put("reset", report.reset());
      view.put("reset_failed", report.resetFailed());
      if (report.state().isPresent()) {
        view.put("state", report.state().get());
      } else {
        view.putNull("state");
      }
      view.put("message", report.released() ? "Released slot " + report.slot() + "." : "Slot " + report.slot()
          + " was no longer leased to this session: " + report.reset() + ".");
    } else {
      view.put("released", false);
      view.putNull("slot");
      view.putNull("reset");
      view.put("reset_failed", false);
      view.putNull("state");
      view.put("message", loss.map(l -> "Nothing to release: this session's lease on slot " + l.slot()
          + " was already lost (" + l.reason() + ").").orElse("Nothing to release: this session holds no lease."));
    }
    ToolResults.putLoss(view, loss);
    return ToolResults.ok(view);
  }

  static Map<String, Object> outputSchema() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("released", Schemas.field("true when this call gave a lease back", "boolean"));
    p.put("slot", Schemas.field("the slot given back", "integer", "null"));
    p.put("reset", Schemas.field("what happened to the browser: reset here, or by the daemon before the next "
        + "holder", "string", "null"));
    p.put("reset_failed", Schemas.field("true when the browser could not be reset (the next holder resets it "
        + "first)", "boolean"));
    p.put("state", Schemas.field("the slot's state afterwards, when known", "string", "null"));
    p.put("message", Schemas.field("what happened, in a sentence", "string"));
    p.put("lease_lost", Schemas.lostLease());
    return Schemas.object(p, List.of("released", "slot", "reset", "message"));
  }
}
