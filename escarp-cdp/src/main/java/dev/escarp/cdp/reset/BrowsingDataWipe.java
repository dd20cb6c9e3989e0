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

  /** Wipes through the page {@code pageTargetId} (the fresh about:blank page). */
  CompletableFuture<Void> wipe(String pageTargetId) {
    return targets
        .extraContexts()
        .thenCompose(targets::disposeContexts)
        .thenCompose(v -> Steps.step(browser.attachToTarget(pageTargetId), "could not attach to the about:blank page"))
        .thenCompose(page -> clearThrough(page).whenComplete((ok, error) -> page.detach()));
  }

  private static CompletableFuture<Void> clearThrough(CdpSession page) {
    return Steps.step(
            page.send("Storage.clearDataForOrigin", BrowserTargets.params().put("origin", "*").put("storageTypes", "all")),
            "could not clear storage")
        .thenCompose(r -> Steps.step(page.send("Network.clearBrowserCache"), "could not clear the HTTP cache"))
        .thenCompose(r -> Steps.step(page.send("Network.clearBrowserCookies"), "could not clear cookies"))
        .thenApply(r -> null);
  }
}
