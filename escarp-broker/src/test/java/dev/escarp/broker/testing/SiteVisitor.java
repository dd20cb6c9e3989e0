package dev.escarp.broker.testing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * Playwright for Java, as a user of escarp drives a leased browser: {@code connectOverCDP} to the
 * lease's endpoint, one page in the browser's own context. One Playwright per test class (its
 * driver costs about half a second to start).
 */
public final class SiteVisitor implements AutoCloseable {

  private final Playwright playwright = Playwright.create();

  public Playwright playwright() {
    return playwright;
  }

  /** Logs in as {@code user} through the site's form in the leased browser. */
  public void logIn(String cdpWsUrl, LoginSite site, String user) {
    onPage(cdpWsUrl, page -> {
      page.navigate(site.origin() + "/login");
      page.fill("#user", user);
      page.click("#go");
      page.waitForURL(site.origin() + "/app");
      return null;
    });
  }

  /** What {@code /app} says on first load: "logged in as X|token" or "anonymous|none". */
  public String firstLoad(String cdpWsUrl, LoginSite site) {
    return onPage(cdpWsUrl, page -> {
      page.navigate(site.origin() + "/app");
      return page.textContent("#who") + "|" + page.textContent("#token");
    });
  }

  private <T> T onPage(String cdpWsUrl, java.util.function.Function<Page, T> work) {
    Browser browser = playwright.chromium().connectOverCDP(cdpWsUrl);
    try {
      BrowserContext context = browser.contexts().get(0);
      Page page = context.newPage();
      return work.apply(page);
    } finally {
      browser.close(); // disconnects; the browser is escarp's and stays
    }
  }

  @Override
  public void close() {
    playwright.close();
  }
}
