package dev.escarp.cdp.reset;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpSession;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code clean} policy's extra work: browser contexts a holder created, then cookies, every
 * origin's storage and the HTTP cache of the default context.
 *
 * <p>Checked against Chromium 156: {@code Storage.clearDataForOrigin} answers "Internal error" on
 * the browser target (it has no storage partition there), but from a page session, origin {@code
 * "*"} with {@code storageTypes: "all"} clears cookies, localStorage and IndexedDB of every origin.
 * It leaves the HTTP cache, hence {@code Network.clearBrowserCache}; {@code
 * Network.clearBrowserCookies} is belt and braces for cookies.
 */
final class BrowsingDataWipe {

  private final CdpClient browser;
  private final BrowserTargets targets;

  BrowsingDataWipe(CdpClient browser, BrowserTargets targets) {
    this.browser = browser;
    this.targets = targets;
  }

  /**
   * Wipes through the page {@code pageTargetId} (the fresh about:blank page). The steps do not
   * depend on each other, so all are sent at once: the storage clear waits on the browser's disk
   * (about 150 ms of a 450 ms reset under load, localStorage most), and the rest runs meanwhile.
   */
  CompletableFuture<Void> wipe(String pageTargetId) {
    CompletableFuture<Void> contexts = targets.extraContexts().thenCompose(targets::disposeContexts);
    CompletableFuture<Void> cleared = Steps.step(browser.attachToTarget(pageTargetId), "could not attach to the about:blank page")
        .thenCompose(page -> clearThrough(page).whenComplete((ok, error) -> page.detach()));
    return CompletableFuture.allOf(contexts, cleared);
  }

  private static CompletableFuture<Void> clearThrough(CdpSession page) {
    return CompletableFuture.allOf(
        Steps.step(page.send("Storage.clearDataForOrigin", BrowserTargets.params().put("origin", "*").put("storageTypes", "all")),
            "could not clear storage"),
        Steps.step(page.send("Network.clearBrowserCache"), "could not clear the HTTP cache"),
        Steps.step(page.send("Network.clearBrowserCookies"), "could not clear cookies"));
  }
}
