package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.examples.junit.Escarp;
import dev.escarp.examples.junit.LeasedBrowser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every test of the sample suite checks around its own work: it starts with a browser no
 * other test has left anything in (one tab, at about:blank; no cookies at all, from any origin or
 * JVM), and it records when and where it held the browser for {@link SuiteJournalCheck}.
 *
 * <p>A team copying the extension needs none of this: {@code @Escarp} and a {@code LeasedBrowser}
 * parameter are enough (see examples/README.md).
 */
@Escarp
@ExtendWith(SuiteJournal.class)
abstract class SuiteTest {

  @BeforeEach
  void startsWithAPristineBrowser(LeasedBrowser browser, SuiteJournal.Entry journal) throws Exception {
    journal.held(browser.slot().index());
    assertEquals(List.of("about:blank"), pageUrls(browser), "the browser must come with one blank tab and nothing else");
    JsonNode cookies = browser.client().send("Storage.getCookies").get(10, TimeUnit.SECONDS).path("cookies");
    assertEquals(0, cookies.size(), "the browser must come without cookies, got " + cookies);
  }

  @AfterEach
  void recordsTheHold(SuiteJournal.Entry journal) {
    journal.releasing();
  }

  /** The URL of every tab (page target) of the browser. */
  static List<String> pageUrls(LeasedBrowser browser) throws Exception {
    List<String> urls = new ArrayList<>();
    for (JsonNode target : browser.client().send("Target.getTargets").get(10, TimeUnit.SECONDS).path("targetInfos")) {
      if ("page".equals(target.path("type").asText())) {
        urls.add(target.path("url").asText());
      }
    }
    return urls;
  }
}
