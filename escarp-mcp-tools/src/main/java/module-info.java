/**
 * The escarp MCP tools without a transport: the tools, the per-session lease that keeps them
 * honest, and the lease-backend SPI. The stdio shim (escarp-mcp) and the daemon's {@code /mcp}
 * (escarp-broker) both build on it; it depends on neither.
 */
module dev.escarp.mcp.tools {
  requires transitive dev.escarp.core;
  requires transitive com.fasterxml.jackson.databind;
  // The MCP SDK jar carries no module-info: an automatic module, named by its manifest.
  requires transitive io.modelcontextprotocol.sdk.mcp.core;

  exports dev.escarp.mcp.lease;
  exports dev.escarp.mcp.session;
  exports dev.escarp.mcp.tools;
}
