package dev.escarp.mcp.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;

/**
 * The escarp MCP tools, whatever the transport: the stdio shim and the daemon's {@code /mcp}
 * build their servers from these, so both offer the same tools, schemas and results.
 */
public final class EscarpTools {

  public static final String INSTRUCTIONS = "escarp lends persistent Chromium browsers. Call escarp_acquire to "
      + "lease one for this session (you get its CDP endpoint), drive it, and call escarp_release when done. "
      + "escarp_status shows the pool.";

  public static final McpSchema.ServerCapabilities CAPABILITIES =
      McpSchema.ServerCapabilities.builder().tools(false).build();

  private EscarpTools() {}

  /**
   * {@code escarp_status}, {@code escarp_acquire}, {@code escarp_release}.
   *
   * @param serverPid the process that serves the sessions (shown as {@code shim_pid})
   * @param maxWait the cap on {@code wait_s}
   */
  public static List<McpServerFeatures.SyncToolSpecification> specifications(SessionLookup sessions,
      HolderNames holders, Duration maxWait, long serverPid) {
    return List.of(new StatusTool(sessions, serverPid).specification(),
        new AcquireTool(sessions, holders, maxWait).specification(),
        new ReleaseTool(sessions).specification());
  }

  /** The validator both servers use: see {@link UncheckedSchemas} for why it checks nothing. */
  public static JsonSchemaValidator schemaValidator(ObjectMapper json) {
    return new UncheckedSchemas(json);
  }
}
