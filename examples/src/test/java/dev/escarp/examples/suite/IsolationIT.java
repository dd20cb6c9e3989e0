package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.examples.junit.LeasedBrowser;
import dev.escarp.examples.page.CdpPage;
import dev.escarp.examples.support.LocalSite;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Each repetition leaves marks in its browser (a cookie, a localStorage entry, an open tab) and
 * checks that it finds no one else's. Repetitions run in parallel and in both test JVMs, over a
 * pool smaller than the number of tests, so browsers pass from test to test and JVM to JVM.
 */
class IsolationIT extends SuiteTest {

  private static LocalSite site;

  @BeforeAll
  static void startSite() {
    site = LocalSite.start().page("/marks", """
        <!doctype html><title>marks</title>
        <script>
          function marks() {
            const cookies = document.cookie.split('; ').filter(c => c.startsWith('mark-')).map(c => c.split('=')[0]);
            const stored = Object.keys(localStorage).filter(k => k.startsWith('mark-'));
            return { cookies, stored };
          }
        </script>
        """);
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  @RepeatedTest(8)
  void leavesItsMarks_andFindsNoOneElses(LeasedBrowser browser) throws Exception {
    String mark = "mark-" + UUID.randomUUID();
    CdpPage page = browser.newPage();
    page.navigate(site.url("/marks"));
    assertEquals("{\"cookies\":[],\"stored\":[]}", page.evaluate("marks()").toString(), "marks found before leaving any");

    page.evaluate("document.cookie = '" + mark + "=1; path=/; max-age=3600'; localStorage.setItem('" + mark + "', '1')");
    browser.newPage().navigate(site.url("/marks?another-tab"));
    page.navigate(site.url("/marks?again"));

    assertEquals("{\"cookies\":[\"" + mark + "\"],\"stored\":[\"" + mark + "\"]}", page.evaluate("marks()").toString());
    assertEquals(List.of(mark), cookieNames(browser), "the browser's cookie jar, all origins");
  }

  private static List<String> cookieNames(LeasedBrowser browser) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode cookie : browser.client().send("Storage.getCookies").get(10, TimeUnit.SECONDS).path("cookies")) {
      names.add(cookie.path("name").asText());
    }
    return names;
  }
}
