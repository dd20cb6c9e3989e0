/** The escarp daemon: the HTTP API on loopback, leases, expiry, resets and the health sweep. */
module dev.escarp.broker {
  requires transitive dev.escarp.core;
  requires transitive dev.escarp.cdp; // DaemonConfig takes a ResetPolicy
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires dev.escarp.http; // the relay's discovery requests to local browsers
  requires dev.escarp.mcp.tools; // the MCP tools served at /mcp
  // The MCP SDK jars carry no module-info: automatic modules, named by their manifests.
  requires io.modelcontextprotocol.sdk.mcp.core;
  requires io.modelcontextprotocol.sdk.mcp.json.jackson2;
  requires reactor.core;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;

  exports dev.escarp.broker.daemon;
}
