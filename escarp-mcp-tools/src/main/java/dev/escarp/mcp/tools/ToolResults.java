package dev.escarp.mcp.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.session.LostLease;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tool results: structured content, with the same JSON as text for clients that only read text.
 * Expected failures are results with {@code isError}, never protocol errors.
 */
final class ToolResults {

  static final ObjectMapper JSON = new ObjectMapper();

  private ToolResults() {}

  static McpSchema.CallToolResult ok(ObjectNode content) {
    return McpSchema.CallToolResult.builder()
        .content(List.of(McpSchema.TextContent.builder(content.toString()).build()))
        .structuredContent(asMap(content))
        .isError(false)
        .build();
  }

  /**
   * An {@code isError} result: the message as text, then {@code error, message, retry_after_s,
   * lease_lost} as JSON text. Not as structured content: clients check structured content against
   * the tool's output schema even on errors (the MCP TypeScript SDK then throws -32602 instead of
   * showing the refusal), and the output schema describes success.
   */
  static McpSchema.CallToolResult error(Refusal refusal, Optional<LostLease> loss) {
    ObjectNode content = JSON.createObjectNode();
    content.put("error", refusal.error());
    content.put("message", refusal.message());
    if (refusal.retryAfterSeconds().isPresent()) {
      content.put("retry_after_s", refusal.retryAfterSeconds().getAsDouble());
    } else {
      content.putNull("retry_after_s");
    }
    putLoss(content, loss);
    String text = refusal.error() + ": " + refusal.message()
        + loss.map(l -> " (Note: this session lost its lease on slot " + l.slot() + ": " + l.reason() + ".)").orElse("");
    return McpSchema.CallToolResult.builder()
        .content(List.of(McpSchema.TextContent.builder(text).build(),
            McpSchema.TextContent.builder(content.toString()).build()))
        .isError(true)
        .build();
  }

  /** The call's MCP session ended while it was on its way (deleted, or reclaimed by the daemon). */
  static McpSchema.CallToolResult sessionEnded() {
    return error(Refusal.of("session_ended", "This MCP session has ended; start a new one (initialize again)."),
        Optional.empty());
  }

  static void putLoss(ObjectNode content, Optional<LostLease> loss) {
    if (loss.isEmpty()) {
      content.putNull("lease_lost");
      return;
    }
    ObjectNode n = content.putObject("lease_lost");
    n.put("slot", loss.get().slot());
    n.put("reason", loss.get().reason());
    n.set("noticed_at", JsonTrees.epochSeconds(loss.get().noticedAt()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(ObjectNode content) {
    return JSON.convertValue(content, Map.class);
  }
}
