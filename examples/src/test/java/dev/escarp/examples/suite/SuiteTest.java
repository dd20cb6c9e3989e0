package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.junit.Escarp;
import dev.escarp.junit.LeasedBrowser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every test of the sample suite checks around its own work, whichever library drives its
 * browser: it starts with a browser no other test has left anything in (one tab, at about:blank;
 * no cookies at all, from any origin or JVM), and it records when and where it held the browser
 * for {@link SuiteJournalCheck}. The check looks over escarp's own CDP client, from outside the
 * library under test.
 *
 * <p>A team using escarp-junit needs none of this: {@code @Escarp} and a {@code Page} (or {@code
 * WebDriver}, or {@code LeasedBrowser}) parameter are enough (see examples/README.md).
 */
@Escarp
@ExtendWith(SuiteJournal.class)
abstract class SuiteTest {

  /** One event loop for the checks' connections, for the JVM's life. */
  private static final CdpConnector CDP = new CdpConnector(CdpClientOptions.defaults(), "suite-check");

  @BeforeEach
  void startsWithAPristineBrowser(LeasedBrowser browser, SuiteJournal.Entry journal) throws Exception {
    journal.held(browser.slot().index());
    assertEquals(List.of("about:blank"), pageUrls(browser), "the browser must come with one blank tab and nothing else");
    JsonNode cookies = browserCall(browser, "Storage.getCookies").path("cookies");
    assertEquals(0, cookies.size(), "the browser must come without cookies, got " + cookies);
  }

  @AfterEach
  void recordsTheHold(SuiteJournal.Entry journal) {
    journal.releasing();
  }

  /** The URL of every tab (page target) of the browser. */
  static List<String> pageUrls(LeasedBrowser browser) throws Exception {
    List<String> urls = new ArrayList<>();
    for (JsonNode target : browserCall(browser, "Target.getTargets").path("targetInfos")) {
      if ("page".equals(target.path("type").asText())) {
        urls.add(target.path("url").asText());
      }
    }
    return urls;
  }

  /** Every cookie name in the browser's jar, all origins. */
  static List<String> cookieNames(LeasedBrowser browser) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode cookie : browserCall(browser, "Storage.getCookies").path("cookies")) {
      names.add(cookie.path("name").asText());
    }
    return names;
  }

  private static JsonNode browserCall(LeasedBrowser browser, String method) throws Exception {
    try (CdpClient client = CDP.connect(browser.cdpWsUrl()).get(10, TimeUnit.SECONDS)) {
      return client.send(method).get(10, TimeUnit.SECONDS);
    }
  }
}
