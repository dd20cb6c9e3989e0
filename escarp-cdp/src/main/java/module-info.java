/** The Netty WebSocket CDP client, discovery and health probes, reset policies and the browser launcher. */
module dev.escarp.cdp {
  requires transitive dev.escarp.core;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  // Host asks com.sun.security.auth.module.UnixSystem whether it runs as root.
  requires jdk.security.auth;
  requires dev.escarp.http;

  exports dev.escarp.cdp.client;
  exports dev.escarp.cdp.discovery;
  exports dev.escarp.cdp.launch;
  exports dev.escarp.cdp.reset;
  exports dev.escarp.cdp.storage;
  exports dev.escarp.cdp.watch;

}
