package dev.escarp.cdp.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.cdp.testing.Json;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a storageState into a real browser: every origin's localStorage is written by its
 * scratch page's own script, and a page the holder opens afterwards (another renderer, the real
 * site) reads it; nothing reaches the site while loading, and no scratch page is left.
 */
@Timeout(90)
class BrowserStorageTest {

  @TempDir static Path home;

  private static TestPool pool;
  private static CdpClient browser;
  private static HttpServer site;
  private static int port;
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void start() throws IOException {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", BrowserStorageTest::serve);
    site.start();
    port = site.getAddress().getPort();
    pool = TestPool.create(home, 1);
    pool.launchAll();
    browser = CdpClient.connect(pool.probe().probe(pool.slot(0).cdpPort()).version().orElseThrow()
        .webSocketDebuggerUrl()).join();
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
      pool.close();
    } finally {
      site.stop(0);
    }
  }

  private static void serve(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    byte[] body = "<!doctype html><title>the site</title>".getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void load_writesEveryOriginsItems_whichTheHoldersNextPageReads_withNothingSentToTheSite_andNoScratchPageLeft()
      throws Exception {
    // Three sites on one server (Chromium sends *.localhost to loopback), values a script must survive.
    List<String> origins = List.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://a.localhost:" + port);
    Map<String, String> items = new LinkedHashMap<>();
    items.put("token", "tok-1");
    items.put("tricky", "</script><script>localStorage.setItem('x', 'y')</script><!-- \" ' ` \\ ${x}");
    items.put("unicode \u2028", "\u00e9 \u2713 \ud83d\ude00 \u2029 \n end");
    List<OriginStorage> storage = new ArrayList<>();
    origins.forEach(o -> storage.add(new OriginStorage(o, items)));
    StorageState state = new StorageState(
        List.of(new StoredCookie("session", "s-1", "127.0.0.1", "/", -1, true, false, "Lax")), storage);

    new BrowserStorage(browser, Duration.ofSeconds(20)).load(state);

    assertEquals(0, requests.get(), "loading sent nothing to the site");
    assertEquals(List.of("about:blank"), pageUrls(), "no scratch page is left");
    for (String origin : origins) {
      assertEquals(items, holderReads(origin), "what a page of " + origin + " finds");
    }
    assertTrue(requests.get() >= origins.size(), "the holder's pages came from the site itself (Fetch is off)");
    assertEquals(1, new BrowserStorage(browser, Duration.ofSeconds(20)).cookieCount());
  }

  @Test
  void loadIfNoCookies_countsOnlyWhatTheBrowserHeldBefore_andReportsABrowserThatHeldSome() throws Exception {
    BrowserStorage storage = new BrowserStorage(browser, Duration.ofSeconds(20));
    browser.send("Storage.clearCookies").join();
    StorageState state = new StorageState(
        List.of(new StoredCookie("one", "1", "c.localhost", "/", -1, false, false, "Lax"),
            new StoredCookie("two", "2", "c.localhost", "/", -1, false, false, "Lax")),
        List.of(new OriginStorage("http://c.localhost:" + port, Map.of("k", "v"))));
    try {
      assertTrue(storage.loadIfNoCookies(state), "a browser without cookies: the load stands");
      assertEquals(2, storage.cookieCount(), "the load's own cookies went in");
      assertEquals(List.of("about:blank"), pageUrls(), "no scratch page is left");
      assertEquals(Map.of("k", "v"), holderReads("http://c.localhost:" + port));

      assertFalse(storage.loadIfNoCookies(state), "a browser that held cookies is reported (the caller wipes it)");
    } finally {
      browser.send("Storage.clearCookies").join();
    }
  }

  /** A page as a holder opens one: at the real site, reading its localStorage there. */
  private static Map<String, String> holderReads(String origin) throws Exception {
    String targetId = browser.send("Target.createTarget", Json.object().put("url", "about:blank")).join()
        .path("targetId").asText();
    try {
      CdpSession page = browser.attachToTarget(targetId).join();
      page.send("Page.enable").join();
      var loaded = new java.util.concurrent.CompletableFuture<Void>();
      try (var sub = page.onEvent("Page.loadEventFired", e -> loaded.complete(null))) {
        page.send("Page.navigate", Json.object().put("url", origin + "/")).join();
        loaded.get(20, java.util.concurrent.TimeUnit.SECONDS);
      }
      JsonNode result = page.send("Runtime.evaluate", Json.object().put("returnByValue", true).put("expression",
          "document.title + '|' + JSON.stringify(Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]))"))
          .join().path("result").path("value");
      String[] parts = result.asText().split("\\|", 2);
      assertEquals("the site", parts[0], "the page came from the site");
      Map<String, String> found = new LinkedHashMap<>();
      for (JsonNode pair : JsonTrees.parse(parts[1].getBytes(StandardCharsets.UTF_8))) {
        found.put(pair.get(0).asText(), pair.get(1).asText());
      }
      return found; // Map equality: the order of keys does not count
    } finally {
      browser.send("Target.closeTarget", Json.object().put("targetId", targetId)).join();
    }
  }

  private static List<String> pageUrls() {
    List<String> urls = new ArrayList<>();
    for (JsonNode t : browser.send("Target.getTargets").join().path("targetInfos")) {
      if (t.path("type").asText().equals("page")) {
        urls.add(t.path("url").asText());
      }
    }
    return urls;
  }
}
