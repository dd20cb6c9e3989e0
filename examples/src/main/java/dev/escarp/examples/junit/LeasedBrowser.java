package dev.escarp.examples.junit;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.examples.page.CdpPage;
import dev.escarp.core.slot.Slot;
import java.net.URI;
import java.util.Objects;

/**
 * A browser this test holds alone until it ends: the slot it came from, the browser's DevTools
 * endpoint, and an open CDP connection to it. When the test ends (passed or failed) the connection
 * is closed and the browser is reset and handed back; do not keep any of it beyond the test.
 *
 * @param slot the pool slot: its index, CDP port and profile dir
 * @param cdpWsUrl the browser target's {@code webSocketDebuggerUrl}, for any other CDP client
 *     (Playwright's {@code connectOverCDP}, Selenium, puppeteer)
 * @param client a connection to {@code cdpWsUrl}, owned by the extension
 */
public record LeasedBrowser(Slot slot, URI cdpWsUrl, CdpClient client) {

  public LeasedBrowser {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(cdpWsUrl, "cdpWsUrl");
    Objects.requireNonNull(client, "client");
  }

  /** Opens a new tab in this browser. */
  public CdpPage newPage() {
    return CdpPage.open(client);
  }
}
