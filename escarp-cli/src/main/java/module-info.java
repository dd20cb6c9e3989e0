/**
 * The escarp command. It exports nothing; picocli reflects on the command classes, so their
 * packages are open to it.
 */
module dev.escarp.cli {
  requires dev.escarp.broker;
  requires dev.escarp.cdp;
  requires dev.escarp.client;
  requires dev.escarp.core;
  requires dev.escarp.macos;
  requires dev.escarp.mcp;
  requires com.fasterxml.jackson.databind;
  requires info.picocli;
  requires jdk.httpserver;

  opens dev.escarp.cli to info.picocli;
  opens dev.escarp.cli.commands to info.picocli;
}
