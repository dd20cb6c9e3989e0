/** Per-slot CUA app bundles and OS-window identity on macOS; compiled everywhere, active on darwin. */
module dev.escarp.macos {
  requires transitive dev.escarp.core;
  requires transitive dev.escarp.cdp;
  requires transitive com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires java.xml;
  requires org.jnrproject.ffi;

  // For escarp's own modules: the daemon and the shim read slot identities, the CLI drives bundles
  // and windows. Others get identity through core's SPI.
  exports dev.escarp.macos to dev.escarp.broker, dev.escarp.mcp, dev.escarp.cli;
  exports dev.escarp.macos.bundle to dev.escarp.cli;
  exports dev.escarp.macos.window to dev.escarp.cli;
}
