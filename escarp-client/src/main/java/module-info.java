/** The broker client the CLI and the MCP shim share: finds the daemon and speaks its HTTP API. */
module dev.escarp.client {
  requires transitive dev.escarp.core;
  requires transitive com.fasterxml.jackson.databind;
  requires dev.escarp.http;

  exports dev.escarp.client;
}
