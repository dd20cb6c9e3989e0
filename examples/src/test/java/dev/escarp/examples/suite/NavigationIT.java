package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.escarp.examples.support.LocalSite;
import dev.escarp.junit.LeasedBrowser;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Navigation, script evaluation and tabs with Playwright in a leased browser. */
class NavigationIT extends SuiteTest {

  private static LocalSite site;

  @BeforeAll
  static void startSite() {
    site = LocalSite.start()
        .page("/one", "<title>Page one</title><a id='next' href='/two'>next</a>")
        .page("/two", "<title>Page two</title><p id='where'>two</p>")
        .page("/fib", "<title>fib</title><script>function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }</script>");
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @Test
  void followsALink_andComesBack(Page page) {
    page.navigate(site.url("/one"));
    assertEquals("Page one", page.title());

    page.click("#next");
    page.waitForFunction("document.title === 'Page two'");
    assertEquals(site.url("/two"), page.url());

    page.evaluate("history.back()");  // not goBack(): a page restored from the back/forward cache fires no load
    page.waitForFunction("document.title === 'Page one'");
  }

  @Test
  void evaluatesScriptInThePage(Page page) {
    page.navigate(site.url("/fib"));

    assertEquals(6765, page.evaluate("fib(20)"));
    assertEquals(42, page.evaluate("new Promise(resolve => setTimeout(() => resolve(42), 10))"));
    assertTrue(((String) page.evaluate("navigator.userAgent")).contains("Chrome"));
  }

  @Test
  void seesItsOwnTabsAndNoOthers(BrowserContext context, LeasedBrowser browser) throws Exception {
    for (String path : List.of("/one", "/two", "/fib")) {
      context.newPage().navigate(site.url(path));
    }

    List<String> urls = pageUrls(browser);
    assertEquals(4, urls.size(), "the blank tab it got, and its own three: " + urls);
    assertTrue(urls.containsAll(List.of("about:blank", site.url("/one"), site.url("/two"), site.url("/fib"))), urls.toString());
  }
}
