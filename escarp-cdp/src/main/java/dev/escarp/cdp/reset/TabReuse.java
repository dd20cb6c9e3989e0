package dev.escarp.cdp.reset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpCommandException;
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
 * proves the holder did not navigate: the kept tab is the only target of any kind, and its one
 * history entry is the very entry the last reset left. Then no origin's sessionStorage can be in
 * the tab's namespace (frames of an opaque {@code about:blank} top level store under a partition
 * no later page can reach), and a fresh document at {@code about:blank} drops the DOM and scripts.
 *
 * <p>Yields the tab now kept, or empty when the path is not allowed or its result does not verify
 * (the caller then does the full reset). Never fails for that reason alone.
 */
final class TabReuse {

  private static final System.Logger LOG = System.getLogger(TabReuse.class.getName());
  /** A fresh document's page session answers "not attached to an active page" for a few ms. */
  private static final long RETRY_MILLIS = 5;
  private static final Duration HISTORY_RESET_WINDOW = Duration.ofMillis(500);

  /** Targets the browser keeps of its own (headless Chromium 156 lists two {@code browser_ui}). */
  private static final Set<String> BROWSER_OWN = Set.of("browser", "browser_ui", "tab");

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
          left.add(info.path("type").asText() + " " + info.path("targetId").asText());
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

  private CompletableFuture<Optional<KeptTab>> reuse(CdpSession page, KeptTab last, ResetPolicy policy) {
    return history(page).thenCompose(entries -> {
      if (entries.size() != 1 || entries.get(0).path("id").asInt() != last.entryId()) {
        return none("a navigation committed in the kept tab");
      }
      return Steps.step(page.send("Page.navigate", BrowserTargets.params().put("url", BrowserTargets.BLANK)),
              "could not navigate the kept tab")
          .thenCompose(nav -> nav.hasNonNull("errorText")
              ? Steps.failed("navigating the kept tab failed: " + nav.path("errorText").asText())
              : resetHistory(page, System.nanoTime() + HISTORY_RESET_WINDOW.toNanos()))
          .thenCompose(v -> policy == ResetPolicy.CLEAN
              ? new BrowsingDataWipe(browser, targets).wipe(last.targetId())
              : Steps.done())
          .thenCompose(v -> new ResetVerifier(browser, targets, settle).verify(policy))
          .thenCompose(v -> kept(page, last.targetId()))
          .thenApply(Optional::of);
    });
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

  private static CompletableFuture<JsonNode> history(CdpSession page) {
    return Steps.step(page.send("Page.getNavigationHistory"), "could not read the tab's history")
        .thenApply(h -> h.path("entries"));
  }

  private static CompletableFuture<Void> resetHistory(CdpSession page, long deadline) {
    return page.send("Page.resetNavigationHistory").handle((ok, error) -> {
      if (error == null) {
        return Steps.done();
      }
      if (Steps.unwrap(error) instanceof CdpCommandException && System.nanoTime() - deadline < 0) {
        return CompletableFuture.supplyAsync(() -> null,
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS))
            .thenCompose(v -> resetHistory(page, deadline));
      }
      return Steps.failed("could not reset the tab's history: " + Steps.unwrap(error).getMessage());
    }).thenCompose(f -> f);
  }

  private static CompletableFuture<Optional<KeptTab>> none(String why) {
    LOG.log(Level.DEBUG, "tab reuse not allowed: " + why);
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
