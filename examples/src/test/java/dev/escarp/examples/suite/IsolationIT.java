package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.escarp.examples.support.LocalSite;
import dev.escarp.junit.LeasedBrowser;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Each repetition leaves marks in its browser with Playwright for Java (a cookie, a localStorage
 * entry, an open tab) and checks that it finds no one else's. Repetitions run in parallel and in
 * both test JVMs, over a pool smaller than the number of tests, so browsers pass from test to test
 * and JVM to JVM.
 */
class IsolationIT extends SuiteTest {

  static final String MARKS_PAGE = """
      <!doctype html><title>marks</title>
      <script>
        function marks() {
          const cookies = document.cookie.split('; ').filter(c => c.startsWith('mark-')).map(c => c.split('=')[0]);
          const stored = Object.keys(localStorage).filter(k => k.startsWith('mark-'));
          return JSON.stringify({ cookies, stored });
        }
      </script>
      """;

  private static LocalSite site;

  @BeforeAll
  static void startSite() {
    site = LocalSite.start().page("/marks", MARKS_PAGE);
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @RepeatedTest(8)
  void leavesItsMarks_andFindsNoOneElses(Page page, BrowserContext context, LeasedBrowser browser) throws Exception {
    String mark = "mark-" + UUID.randomUUID();
    page.navigate(site.url("/marks"));
    assertEquals("{\"cookies\":[],\"stored\":[]}", page.evaluate("marks()"), "marks found before leaving any");
    assertEquals(List.of(), context.cookies(), "cookies found before leaving any");

    page.evaluate("document.cookie = '" + mark + "=1; path=/; max-age=3600'; localStorage.setItem('" + mark + "', '1')");
    context.newPage().navigate(site.url("/marks?another-tab"));
    page.navigate(site.url("/marks?again"));

    assertEquals("{\"cookies\":[\"" + mark + "\"],\"stored\":[\"" + mark + "\"]}", page.evaluate("marks()"));
    assertEquals(List.of(mark), cookieNames(browser), "the browser's cookie jar, all origins");
    assertEquals(2, context.pages().size(), "the tab it got (now on /marks) and the one it opened");
  }
}
