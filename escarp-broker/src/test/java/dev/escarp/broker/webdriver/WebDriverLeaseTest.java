package dev.escarp.broker.webdriver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import dev.escarp.cdp.discovery.ProbeResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Selenium drives a WebDriver lease ({@code "webdriver": true}) through the lease's own
 * chromedriver; the chromedriver ends with the lease, however it ends, and the browser stays.
 */
class WebDriverLeaseTest {

  /** A short TTL, so the expiry test does not wait a minute; the Selenium test heartbeats. */
  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_LEASE_TTL_S", "4"));

  @Test
  void seleniumDrivesAWebDriverLeaseAndAfterReleaseTheChromedriverIsGoneAndTheBrowserSurvives() throws Exception {
    ApiClient api = daemon.api();
    long browserPid = browserPid(api);
    JsonNode lease = acquireWebDriver(api, "selenium");
    String url = lease.get("webdriver_url").asText();
    ProcessHandle chromedriver = chromedriverListeningAt(url);

    ChromeOptions options = new ChromeOptions();
    options.setExperimentalOption("debuggerAddress", lease.get("webdriver_debugger_address").asText());
    WebDriver driver = new RemoteWebDriver(URI.create(url).toURL(), options);
    try {
      driver.get("data:text/html,<title>driven by selenium</title>");
      assertEquals("driven by selenium", driver.getTitle());
      assertEquals(200, api.post("/heartbeat", token(lease)).status());
    } finally {
      driver.quit(); // an attached session leaves the browser running
    }
    assertEquals(200, api.post("/release", token(lease)).status());

    await().atMost(Duration.ofSeconds(5)).until(() -> !chromedriver.isAlive());
    assertEquals(browserPid, browserPid(api), "the pool's browser is the same process");
    assertTrue(ProcessHandle.of(browserPid).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(daemon.daemon().pool().probe().probe(daemon.daemon().pool().slot(0).cdpPort()) instanceof ProbeResult.Found,
        "the browser still answers");
    awaitFree(api);
  }

  @Test
  void aWebDriverLeaseThatExpiresTakesItsChromedriverWithIt() {
    ApiClient api = daemon.api();
    awaitFree(api);
    JsonNode lease = acquireWebDriver(api, "forgetful");
    ProcessHandle chromedriver = chromedriverListeningAt(lease.get("webdriver_url").asText());
    assertTrue(chromedriver.isAlive());
    await().atMost(Duration.ofSeconds(15)).until(() -> !chromedriver.isAlive());
    assertEquals("unknown_lease", api.post("/heartbeat", token(lease)).error());
    awaitFree(api);
  }

  @Test
  void aLeaseWithoutWebDriverHasNoChromedriver() {
    ApiClient api = daemon.api();
    awaitFree(api);
    Reply reply = api.post("/acquire", "{\"holder\": \"plain\"}");
    assertEquals(200, reply.status(), reply.toString());
    assertTrue(reply.json().get("webdriver_url").isNull());
    assertEquals(List.of(), chromedrivers());
    api.post("/release", token(reply.json()));
  }

  private static JsonNode acquireWebDriver(ApiClient api, String holder) {
    Reply reply = api.post("/acquire", "{\"holder\": \"" + holder + "\", \"webdriver\": true, \"wait_s\": 10}");
    assertEquals(200, reply.status(), reply.toString());
    assertTrue(reply.json().get("webdriver_url").asText().startsWith("http://127.0.0.1:"), reply.toString());
    return reply.json();
  }

  /** The daemon runs in this JVM: its chromedrivers are this process's children. */
  private static List<ProcessHandle> chromedrivers() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().command().map(c -> c.contains("chromedriver")).orElse(false))
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  private static ProcessHandle chromedriverListeningAt(String url) {
    String port = "--port=" + URI.create(url).getPort();
    List<ProcessHandle> found = chromedrivers().stream()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(port)).orElse(false))
        .toList();
    assertEquals(1, found.size(), "one chromedriver for " + url + ", found " + chromedrivers());
    return found.get(0);
  }

  private static long browserPid(ApiClient api) {
    return api.get("/status").json().get("slots").get(0).get("pid").asLong();
  }

  private static void awaitFree(ApiClient api) {
    await().atMost(Duration.ofSeconds(15)).until(() ->
        api.get("/status").json().get("slots").get(0).get("state").asText().equals("free"));
  }

  private static String token(JsonNode lease) {
    return "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}";
  }
}
