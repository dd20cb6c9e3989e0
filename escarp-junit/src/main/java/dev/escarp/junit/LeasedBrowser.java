package dev.escarp.junit;

import dev.escarp.core.slot.DevPorts;
import dev.escarp.core.slot.Slot;
import java.net.URI;
import java.util.Objects;

/**
 * A browser this test holds alone until it ends: the slot it came from and the browser's DevTools
 * endpoints, for any CDP client (Playwright's {@code connectOverCDP}, Selenium's {@code
 * debuggerAddress}, puppeteer). When the test ends, passed or failed, the extension closes what it
 * attached, resets the browser and hands it back: keep nothing of it beyond the test.
 *
 * @param slot the pool slot: its index, CDP port, profile dir and dev ports
 * @param cdpWsUrl the browser target's {@code webSocketDebuggerUrl}
 */
public record LeasedBrowser(Slot slot, URI cdpWsUrl) {

  public LeasedBrowser {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(cdpWsUrl, "cdpWsUrl");
  }

  /** The DevTools HTTP base, e.g. {@code http://127.0.0.1:9222}: what {@code connectOverCDP} takes. */
  public URI cdpHttpUrl() {
    return URI.create(slot.cdpHttpUrl());
  }

  /** {@code 127.0.0.1:<port>}: Selenium's {@code debuggerAddress}. */
  public String debuggerAddress() {
    return "127.0.0.1:" + slot.cdpPort();
  }

  /** The ports this holder may run its dev servers on without colliding with other slots' holders. */
  public DevPorts devPorts() {
    return slot.devPorts();
  }
}
