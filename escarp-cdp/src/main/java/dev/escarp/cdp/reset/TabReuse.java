package dev.escarp.cdp.reset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cheap reset: reuse the tab the last reset left instead of opening a new one (a new tab costs
 * a renderer process, about half the browser's CPU of a hand-over). Allowed only when the browser
 * proves the holder did not navigate: the kept tab is the only target besides the browser's own,
 * no client is attached to it, and its one history entry is the very entry the last reset left, at
 * about:blank. Then no origin's sessionStorage can be in the tab's namespace (a frame of a real
 * origin under an opaque about:blank top level is refused sessionStorage), and a reload commits a
 * fresh document in place, dropping the DOM and scripts; the window's name and the entry's state,
 * which a reload keeps, are cleared from the fresh document.
 *
 * <p>Yields the tab now kept, or empty when the path is not allowed or its result does not verify
 * (the caller then does the full reset). Never fails for that reason alone.
 */
final class TabReuse {

  private static final System.Logger LOG = System.getLogger(TabReuse.class.getName());
  private static final long RETRY_MILLIS = 2;
  private static final Duration FRESH_WINDOW = Duration.ofSeconds(1);
  private static final String FORGET_AND_CHECK = "window.name = ''; history.replaceState(null, '');"
      + " document.readyState === 'complete' && location.href === 'about:blank' && window.name === ''"
      + " && history.state === null"
      + " && history.length === 1 && document.body !== null && document.body.childNodes.length === 0"
      + " && window.frames.length === 0";

  /** Targets the browser keeps of its own (headless Chromium 156 lists two {@code browser_ui}). */
  static final Set<String> BROWSER_OWN = Set.of("browser", "browser_ui", "tab");

  private final CdpClient browser;
  private final BrowserTargets targets;
  private final Duration settle;

  TabReuse(CdpClient browser, BrowserTargets targets, Duration settle) {
    this.browser = browser;
    this.targets = targets;
    this.settle = settle;
  }

  CompletableFuture<Optional<KeptTab>> tryReuse(KeptTab last, ResetPolicy policy) {
    return Steps.step(browser.send("Target.getTargets"), "could not list targets").thenCompose(result -> {
      List<String> left = new ArrayList<>();
      for (JsonNode info : result.path("targetInfos")) {
        if (!BROWSER_OWN.contains(info.path("type").asText())) {
          // A client still attached (a stale holder's session) would outlive the reset in this tab.
          left.add(info.path("type").asText() + " " + info.path("targetId").asText()
              + (info.path("attached").asBoolean(false) ? " attached" : ""));
        }
      }
      if (!left.equals(List.of("page " + last.targetId()))) {
        return none("the holder left other targets than the kept tab: " + left);
      }
      return Steps.step(browser.attachToTarget(last.targetId()), "could not attach to the kept tab")
          .thenCompose(page -> reuse(page, last, policy).whenComplete((ok, error) -> page.detach()));
    }).exceptionally(error -> {
      LOG.log(Level.DEBUG, "tab reuse fell back: " + Steps.unwrap(error).getMessage());
      return Optional.empty();
    });
  }

  /**
   * The cheapest path, for a tab nothing touched since the reset that left it ({@link TabSentry}
   * says so): no reload, since no client attached to it, so no script ran in it and no navigation
   * committed. Checked once more against the browser: the kept tab is the only target besides the
   * browser's own, at about:blank, nobody attached. Under {@code clean} the browsing data is wiped
   * all the same (cookies need no page to be set) and verified.
   */
  CompletableFuture<Optional<KeptTab>> tryUntouched(KeptTab last, ResetPolicy policy) {
    return Steps.step(browser.send("Target.getTargets"), "could not list targets").thenCompose(result -> {
      List<String> left = new ArrayList<>();
      for (JsonNode info : result.path("targetInfos")) {
        if (!BROWSER_OWN.contains(info.path("type").asText())) {
          left.add(info.path("type").asText() + " " + info.path("targetId").asText() + " " + info.path("url").asText()
              + (info.path("attached").asBoolean(false) ? " attached" : ""));
        }
      }
      if (!left.equals(List.of("page " + last.targetId() + " " + BrowserTargets.BLANK))) {
        return none("the untouched tab is not as the last reset left it: " + left);
      }
      return (policy == ResetPolicy.CLEAN
          ? new BrowsingDataWipe(browser, targets).wipe(last.targetId())
              .thenCompose(v -> new ResetVerifier(browser, targets, settle).verify(policy))
          : Steps.done()).thenApply(v -> Optional.of(last));
    }).exceptionally(error -> {
      LOG.log(Level.DEBUG, "untouched tab fell back: " + Steps.unwrap(error).getMessage());
      return Optional.empty();
    });
  }

  private CompletableFuture<Optional<KeptTab>> reuse(CdpSession page, KeptTab last, ResetPolicy policy) {
    return history(page).thenCompose(entries -> {
      if (entries.size() != 1 || entries.get(0).path("id").asInt() != last.entryId()
          || !BrowserTargets.BLANK.equals(entries.get(0).path("url").asText())) {
        return none("a navigation committed in the kept tab");
      }
      // Reload, not navigate: both cost a fresh document (about 50 ms of browser CPU, half a new
      // tab's), but a reload keeps the one history entry, so no history reset is needed (that must
      // be retried while the new document's session attaches). A new loader id proves the
      // holder's document and scripts are gone.
      return loaderId(page).thenCompose(old -> Steps.step(page.send("Page.reload"), "could not reload the kept tab")
              .thenCompose(v -> awaitFresh(page, old, System.nanoTime() + FRESH_WINDOW.toNanos())))
          // What a reload keeps: the window's name and the entry's state, cleared from the fresh
          // document; then the document is checked as the next holder must find it.
          .thenCompose(v -> evaluate(page, FORGET_AND_CHECK))
          .thenCompose(ok -> ok.asBoolean(false) ? Steps.done() : Steps.failed("the reloaded tab did not verify"))
          .thenCompose(v -> policy == ResetPolicy.CLEAN
              ? new BrowsingDataWipe(browser, targets).wipe(last.targetId())
              : Steps.done())
          .thenCompose(v -> new ResetVerifier(browser, targets, settle).verify(policy))
          .thenCompose(v -> kept(page, last.targetId()))
          .thenApply(Optional::of);
    });
  }

  private static CompletableFuture<JsonNode> evaluate(CdpSession page, String expression) {
    return Steps.step(page.send("Runtime.evaluate", BrowserTargets.params().put("expression", expression)
            .put("returnByValue", true)), "could not evaluate in the kept tab")
        .thenCompose(r -> r.has("exceptionDetails")
            ? CompletableFuture.failedFuture(new ResetFailedException("the kept tab threw: " + r.path("exceptionDetails")))
            : CompletableFuture.completedFuture(r.path("result").path("value")));
  }

  private static CompletableFuture<String> loaderId(CdpSession page) {
    return Steps.step(page.send("Page.getFrameTree"), "could not read the kept tab's frame")
        .thenApply(tree -> tree.path("frameTree").path("frame").path("loaderId").asText(""));
  }

  /** Polls (in the browser, not the page) until the tab runs a new document, or fails at the deadline. */
  private static CompletableFuture<Void> awaitFresh(CdpSession page, String oldLoader, long deadline) {
    return loaderId(page)
        .thenApply(now -> !now.isEmpty() && !now.equals(oldLoader))
        .handle((fresh, error) -> {
          if (error == null && fresh) {
            return Steps.done();
          }
          if (System.nanoTime() - deadline >= 0) {
            return Steps.failed("the kept tab did not reload within " + FRESH_WINDOW.toMillis() + " ms");
          }
          return CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS))
              .thenCompose(v -> awaitFresh(page, oldLoader, deadline));
        }).thenCompose(f -> f);
  }

  /** The kept tab's history, checked: one entry, at about:blank. Shared with the full reset. */
  static CompletableFuture<KeptTab> kept(CdpSession page, String targetId) {
    return history(page).thenCompose(entries -> {
      if (entries.size() != 1 || !BrowserTargets.BLANK.equals(entries.get(0).path("url").asText())) {
        return CompletableFuture.failedFuture(new ResetFailedException(
            "reset did not verify: expected one history entry at about:blank, found " + entries));
      }
      return CompletableFuture.completedFuture(new KeptTab(targetId, entries.get(0).path("id").asInt()));
    });
  }

  /**
   * After a full reset (already verified): the new tab to remember, once its about:blank entry has
   * committed (a new tab lists an empty entry for a moment). Empty if it does not within the
   * window: the next reset is then full again, nothing worse.
   */
  static CompletableFuture<Optional<KeptTab>> keptWhenCommitted(CdpSession page, String targetId) {
    return keptWhenCommitted(page, targetId, System.nanoTime() + FRESH_WINDOW.toNanos());
  }

  private static CompletableFuture<Optional<KeptTab>> keptWhenCommitted(CdpSession page, String targetId, long deadline) {
    return kept(page, targetId).handle((tab, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(Optional.of(tab));
      }
      if (System.nanoTime() - deadline >= 0) {
        return CompletableFuture.completedFuture(Optional.<KeptTab>empty());
      }
      return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
          .thenCompose(v -> keptWhenCommitted(page, targetId, deadline));
    }).thenCompose(f -> f);
  }

  private static CompletableFuture<JsonNode> history(CdpSession page) {
    return Steps.step(page.send("Page.getNavigationHistory"), "could not read the tab's history")
        .thenApply(h -> h.path("entries"));
  }

  private static CompletableFuture<Optional<KeptTab>> none(String why) {
    LOG.log(Level.DEBUG, "tab reuse not allowed: " + why);
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
