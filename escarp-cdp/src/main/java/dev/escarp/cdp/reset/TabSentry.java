package dev.escarp.cdp.reset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpEvent;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Watches, over the resetter's kept browser connection ({@code Target.setDiscoverTargets}), whether
 * anything happened to the browser's targets between two resets. Chromium reports a target's
 * {@code attached} turning true (a first DevTools session on the page: Playwright, Selenium, a
 * stale script, evidence), every change of its URL or title, every target created, and a crashed
 * renderer. A page can
 * only be scripted through such a session, so a kept tab with none of these since the reset that
 * verified it still holds exactly that document: the next reset need not reload it.
 *
 * <p>Quiet only from a reset that ended on this connection ({@link #settled}) until the first event
 * that is not the resetter's own: events that arrive while a reset runs are its own, and the reset
 * ends with a round trip ({@code Target.getTargets}) that every one of them precedes. A new
 * connection starts not quiet. Listeners run on the connection's event loop; thread-safe.
 */
final class TabSentry {

  private final CdpClient browser;
  // Guarded by this.
  private boolean quiet;
  private boolean resetting;
  private JsonNode kept; // the kept tab's target info as the last reset left it

  private TabSentry(CdpClient browser) {
    this.browser = browser;
  }

  /** Starts watching over {@code browser} (a browser-target connection). */
  static CompletableFuture<TabSentry> start(CdpClient browser) {
    TabSentry sentry = new TabSentry(browser);
    browser.onEvent("Target.targetCreated", sentry::created);
    browser.onEvent("Target.targetInfoChanged", sentry::changed);
    // A renderer that died (killed, out of memory) leaves the tab at about:blank but showing nothing.
    browser.onEvent("Target.targetCrashed", e -> sentry.crashed());
    return Steps.step(browser.send("Target.setDiscoverTargets", BrowserTargets.params().put("discover", true)),
        "could not watch the browser's targets").thenApply(r -> sentry);
  }

  CdpClient browser() {
    return browser;
  }

  /**
   * A reset begins: says whether nothing happened since the last one ended; from here until
   * {@link #settled} or {@link #failed}, target events are the reset's own.
   */
  synchronized boolean begin() {
    boolean untouched = quiet;
    quiet = false;
    resetting = true;
    return untouched;
  }

  /**
   * The reset verified and left {@code tabId}: a last round trip, after which nothing the reset
   * did can still be reported, then quiet if the tab is the only page and nobody is attached.
   */
  CompletableFuture<Void> settled(String tabId) {
    return Steps.step(browser.send("Target.getTargets"), "could not list targets").thenAccept(result -> {
      JsonNode tab = null;
      int others = 0;
      for (JsonNode info : result.path("targetInfos")) {
        if (info.path("targetId").asText().equals(tabId)) {
          tab = info;
        } else if (!TabReuse.BROWSER_OWN.contains(info.path("type").asText())) {
          others++;
        }
      }
      synchronized (this) {
        resetting = false;
        kept = tab;
        quiet = tab != null && others == 0 && !tab.path("attached").asBoolean(false);
      }
    });
  }

  /** The reset failed or left no tab to keep: not quiet until the next one settles. */
  synchronized void failed() {
    resetting = false;
    quiet = false;
    kept = null;
  }

  private synchronized void crashed() {
    quiet = false;
  }

  private synchronized void created(CdpEvent event) {
    if (!resetting && !TabReuse.BROWSER_OWN.contains(event.params().path("targetInfo").path("type").asText())) {
      quiet = false;
    }
  }

  private synchronized void changed(CdpEvent event) {
    JsonNode info = event.params().path("targetInfo");
    if (resetting || TabReuse.BROWSER_OWN.contains(info.path("type").asText())) {
      return;
    }
    // Chromium also reports changes that are none (the same info again): only a difference counts.
    if (kept == null || !info.path("targetId").asText().equals(kept.path("targetId").asText())
        || info.path("attached").asBoolean(false)
        || !Objects.equals(info.path("url").asText(), kept.path("url").asText())
        || !Objects.equals(info.path("title").asText(), kept.path("title").asText())) {
      quiet = false;
    }
  }
}
