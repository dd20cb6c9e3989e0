/**
 * escarp's core: slots, kernel-arbitrated claims, the pool facade, the resetter and clock seams.
 * No network code.
 *
 * <p>A harness author sees the exported packages: the pool facade ({@code EscarpPool}, {@code
 * ClaimedSlot}), slots, claims, the resetter, clock and identity seams. The lease table, the wire
 * record writer, the JSON helpers and escarp's own files under ESCARP_HOME (pool.json store, the
 * daemon's pid file, side-file locks, atomic writes) are for escarp's own modules only.
 */
module dev.escarp.core {
  requires com.fasterxml.jackson.databind;
  requires org.jnrproject.posix;
  requires org.jnrproject.constants;

  exports dev.escarp.core;
  exports dev.escarp.core.config;
  exports dev.escarp.core.lock;
  exports dev.escarp.core.reset;
  exports dev.escarp.core.slot;
  exports dev.escarp.core.time;
  // The identity SPI: a platform module provides slot identities (escarp-macos today).
  exports dev.escarp.core.identity;
  uses dev.escarp.core.identity.SlotIdentityProvider;

  exports dev.escarp.core.lease to
      dev.escarp.broker, dev.escarp.client, dev.escarp.mcp, dev.escarp.mcp.tools, dev.escarp.cli;
  exports dev.escarp.core.wire to dev.escarp.broker, dev.escarp.mcp;
  exports dev.escarp.core.clients to dev.escarp.broker, dev.escarp.cli;
  exports dev.escarp.core.json to
      dev.escarp.cdp, dev.escarp.macos, dev.escarp.broker, dev.escarp.client, dev.escarp.mcp, dev.escarp.mcp.tools;
  exports dev.escarp.core.files to
      dev.escarp.cdp, dev.escarp.macos, dev.escarp.broker, dev.escarp.client, dev.escarp.mcp, dev.escarp.cli;
}
