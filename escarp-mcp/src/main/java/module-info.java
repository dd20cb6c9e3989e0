/** The stdio MCP shim: escarp_status, escarp_acquire and escarp_release, through the daemon or on its own. */
module dev.escarp.mcp {
  requires dev.escarp.core;
  requires dev.escarp.cdp;
  requires dev.escarp.client;
  requires dev.escarp.mcp.tools;
  requires com.fasterxml.jackson.databind;
  // The MCP SDK jars carry no module-info: automatic modules, named by their manifests.
  requires io.modelcontextprotocol.sdk.mcp.core;
  requires io.modelcontextprotocol.sdk.mcp.json.jackson2;
  requires reactor.core;

  exports dev.escarp.mcp;
}
