/** Per-slot CUA app bundles and OS-window identity on macOS; compiled everywhere, active on darwin. */
module dev.escarp.macos {
  requires transitive dev.escarp.core;
  requires transitive dev.escarp.cdp;
  requires transitive com.fasterxml.jackson.databind;
  requires java.xml;
  requires org.jnrproject.ffi;

  // The CLI drives bundles and windows; the daemon and the shim get identity through core's SPI.
  exports dev.escarp.macos to dev.escarp.cli;
  exports dev.escarp.macos.bundle to dev.escarp.cli;
  exports dev.escarp.macos.window to dev.escarp.cli;
  provides dev.escarp.core.identity.SlotIdentityProvider with dev.escarp.macos.MacSlotIdentityProvider;
}
