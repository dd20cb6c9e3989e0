package dev.escarp.broker.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hand-overs as Playwright users make them (connectOverCDP through the lease's relayed endpoint),
 * through each reset path of the daemon: a holder who only scripted the page it was given gets the
 * cheap path (the tab reused), one who navigated and opened tabs gets the full reset; either way
 * the next holder finds one page at about:blank and nothing of the last one's.
 */
@Timeout(120)
class HandOverWithPlaywrightTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_SELF_HEAL", "off"));

  private static HttpServer site;
  private static String origin;
  private static Playwright playwright;

  @BeforeAll
  static void start() throws Exception {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", exchange -> {
      byte[] html = "<html><body>site</body></html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, html.length);
      exchange.getResponseBody().write(html);
      exchange.close();
    });
    site.start();
    origin = "http://127.0.0.1:" + site.getAddress().getPort();
    playwright = Playwrights.create();
  }

  @AfterAll
  static void stop() {
    try {
      if (playwright != null) {
        playwright.close();
      }
    } finally {
      site.stop(0);
    }
  }

  @Test
  void holderWhoOnlyScriptedItsPage_isFollowedThroughTheReusedTab_byAHolderWhoSeesNoneOfIt() throws Exception {
    holding(page -> { }); // the daemon's first reset of a slot knows no kept tab yet: it is full
    long reused = metric("reused");
    holding(page -> page.evaluate("() => { window.secret = 'a'; document.body.innerHTML = '<p id=s>a</p>';"
        + " window.name = 'a'; history.replaceState({s: 1}, ''); }"));

    assertEquals(reused + 1, metric("reused"), "the tab was reused");
    holding(page -> {
      assertEquals("about:blank", page.url());
      assertEquals("undefined|false||null|1", page.evaluate("() => typeof window.secret + '|' + !!document.getElementById('s')"
          + " + '|' + window.name + '|' + JSON.stringify(history.state) + '|' + history.length"));
    });
  }

  @Test
  void holderWhoNavigatedAndOpenedTabs_isFollowedThroughTheFullReset_byAHolderWhoSeesNoneOfIt() throws Exception {
    holding(page -> { });
    long fellBack = metric("fell_back");
    holding(page -> {
      page.navigate(origin + "/a");
      page.evaluate("() => { sessionStorage.setItem('s', 'a'); history.pushState({}, '', '/b'); }");
      page.context().newPage().navigate(origin + "/c");
    });

    assertEquals(fellBack + 1, metric("fell_back"), "the cheap path was refused");
    holding(page -> {
      assertEquals("about:blank", page.url());
      page.navigate(origin + "/a");
      assertEquals("null|2", page.evaluate("() => String(sessionStorage.getItem('s')) + '|' + history.length"));
    });
  }

  private interface PageWork {
    void on(Page page) throws Exception;
  }

  /** Acquires, drives the lease's one page with Playwright, disconnects, releases, waits for the reset. */
  private static void holding(PageWork work) throws Exception {
    ApiClient api = daemon.api();
    Reply got = api.post("/acquire", "{\"holder\": \"playwright\", \"wait_s\": 20}");
    assertEquals(200, got.status(), got.toString());
    JsonNode lease = got.json();
    Browser browser = playwright.chromium().connectOverCDP(lease.path("cdp_http_url").asText());
    try {
      assertEquals(1, browser.contexts().get(0).pages().size(), "the holder finds exactly one page");
      work.on(browser.contexts().get(0).pages().get(0));
    } finally {
      browser.close();
    }
    // As a script that disconnects before it releases: by the reset, no client is attached. The
    // daemon's own evidence session stays attached until the lease ends, so the sign that the
    // holder is gone is the relay's: its connection to the browser closed.
    await("Playwright disconnected").atMost(Duration.ofSeconds(10)).until(() ->
        Pattern.compile("(?m)^escarp_relay_connections 0$").matcher(api.get("/metrics").body()).find());
    assertEquals(200, api.post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}").status());
    await("slot free again").atMost(Duration.ofSeconds(20)).until(() ->
        api.get("/status").json().path("slots").get(0).path("state").asText().equals("free"));
  }

  private static long metric(String path) {
    Matcher m = Pattern.compile("(?m)^escarp_reset_paths_total\\{path=\"" + path + "\"} (\\d+)")
        .matcher(daemon.api().get("/metrics").body());
    assertTrue(m.find(), "escarp_reset_paths_total{path=" + path + "} in /metrics");
    return Long.parseLong(m.group(1));
  }
}
