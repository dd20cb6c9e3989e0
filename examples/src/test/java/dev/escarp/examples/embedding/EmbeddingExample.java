package dev.escarp.examples.embedding;

// README:embedding:start
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.cdp.reset.CdpResetters;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import java.nio.file.Path;
import java.time.Duration;

public final class EmbeddingExample {

  /** Claims a browser of the pool at {@code escarpHome}, reads a page's title with Playwright, hands the browser back. */
  public static String titleOf(Path escarpHome, String url) throws InterruptedException {
    try (CdpSlotResetter resetter = CdpResetters.clean();          // tabs, cookies, storage wiped on release
         EscarpPool pool = EscarpPool.builder().home(escarpHome).resetter(resetter).build();
         ClaimedSlot claimed = pool.claim("checkout-tests", Duration.ofSeconds(30))
             .orElseThrow(() -> new IllegalStateException("no browser free within 30 s"));
         Playwright playwright = Playwright.create()) {
      Browser browser = playwright.chromium().connectOverCDP(claimed.slot().cdpHttpUrl());
      Page page = browser.contexts().get(0).newPage();
      page.navigate(url);
      return page.title();
    } // closed in reverse: Playwright disconnects; the browser is reset, its slot marked clean and unlocked
  }
}
// README:embedding:end
