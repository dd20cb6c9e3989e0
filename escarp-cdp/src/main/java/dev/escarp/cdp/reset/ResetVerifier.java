package dev.escarp.cdp.reset;

import dev.escarp.cdp.client.CdpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Checks a reset's outcome against the browser itself: exactly one page target, at {@code
 * about:blank}; after {@code clean}, no cookies either. A closed page can linger in the target list
 * for a moment, so the page check is retried until {@code settle} has passed.
 */
final class ResetVerifier {

  private static final long RETRY_MILLIS = 10;

  private final CdpClient browser;
  private final BrowserTargets targets;
  private final Duration settle;

  ResetVerifier(CdpClient browser, BrowserTargets targets, Duration settle) {
    this.browser = browser;
    this.targets = targets;
    this.settle = settle;
  }

  CompletableFuture<Void> verify(ResetPolicy policy) {
    CompletableFuture<Void> pages = verifyPages(System.nanoTime() + settle.toNanos());
    return policy == ResetPolicy.CLEAN ? pages.thenCompose(v -> verifyNoCookies()) : pages;
  }

  private CompletableFuture<Void> verifyPages(long deadline) {
    return targets.pages().thenCompose(pages -> {
      if (pages.size() == 1 && BrowserTargets.BLANK.equals(pages.get(0).url())) {
        return Steps.done();
      }
      if (System.nanoTime() - deadline >= 0) {
        return Steps.failed(
            "reset did not verify: expected exactly one page target at about:blank, found " + pages.size() + urls(pages));
      }
      // Rare (a page still closing): retry shortly, off the event loop's back.
      return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS))
          .thenCompose(v -> verifyPages(deadline));
    });
  }

  private CompletableFuture<Void> verifyNoCookies() {
    return Steps.step(browser.send("Storage.getCookies"), "could not list cookies").thenCompose(result -> {
      int left = result.path("cookies").size();
      return left == 0 ? Steps.done() : Steps.failed("clean reset did not verify: " + left + " cookie(s) survived");
    });
  }

  private static String urls(List<PageTarget> pages) {
    return pages.stream().map(PageTarget::url).collect(Collectors.joining(", ", " [", "]"));
  }
}
