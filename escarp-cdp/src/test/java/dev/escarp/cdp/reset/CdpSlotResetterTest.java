package dev.escarp.cdp.reset;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.Json;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dirties a real browser (tabs, cookies, localStorage, IndexedDB, the HTTP cache, on two origins
 * served from 127.0.0.1) and checks with CDP what each policy leaves behind.
 */
@Timeout(60)
class CdpSlotResetterTest {

  @TempDir static Path home;

  private static TestPool pool;
  private static Slot slot;
  private static CdpClient browser;
  private static HttpServer site;
  private static final AtomicInteger scriptFetches = new AtomicInteger();
  private static String origin;
  private static String otherOrigin;

  /** Sets a cookie, localStorage and an IndexedDB record; {@code window.dirty} settles when all are written. */
  private static final String DIRTY_PAGE = """
      <html><body><script src="/cached.js"></script><script>
      localStorage.setItem('k', 'v');
      document.cookie = 'c=1; max-age=3600; path=/';
      window.dirty = new Promise(done => {
        const open = indexedDB.open('db');
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onsuccess = () => {
          // strict: flushed before 'complete', so closing the tab at once cannot lose it
          const tx = open.result.transaction('s', 'readwrite', { durability: 'strict' });
          tx.objectStore('s').put('y', 'x');
          tx.oncomplete = () => done(true);
        };
      });
      </script>dirty</body></html>""";

  private static final String STATE = """
      new Promise(done => {
        const open = indexedDB.open('db');
        open.onupgradeneeded = () => open.result.createObjectStore('s');
        open.onsuccess = () => {
          const get = open.result.transaction('s').objectStore('s').get('x');
          get.onsuccess = () => done(JSON.stringify({
            local: localStorage.getItem('k'), cookie: document.cookie, idb: get.result ?? null }));
        };
      })""";

  @BeforeAll
  static void start() throws IOException {
    site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", CdpSlotResetterTest::serve);
    site.start();
    int port = site.getAddress().getPort();
    origin = "http://127.0.0.1:" + port;
    otherOrigin = "http://localhost:" + port;

    pool = TestPool.create(home, 1);
    pool.launchAll();
    slot = pool.slot(0);
    browser = CdpClient.connect(pool.probe().probe(slot.cdpPort()).version().orElseThrow().webSocketDebuggerUrl()).join();
  }

  @AfterAll
  static void stop() {
    resetters.values().forEach(CdpSlotResetter::close);
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
    String path = exchange.getRequestURI().getPath();
    String body;
    if (path.equals("/cached.js")) {
      scriptFetches.incrementAndGet();
      exchange.getResponseHeaders().add("Content-Type", "text/javascript");
      exchange.getResponseHeaders().add("Cache-Control", "max-age=3600");
      body = "window.cached = true;";
    } else if (path.equals("/dirty")) {
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      body = DIRTY_PAGE;
    } else {
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      body = "<html><body><script src=\"/cached.js\"></script>check</body></html>";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static CdpResetterFixture fixture() {
    return new CdpResetterFixture();
  }

  /** Per-test helpers over the shared browser. */
  private static final class CdpResetterFixture {

    String openPage(String url) {
      return browser.send("Target.createTarget", Json.object().put("url", url)).join().get("targetId").asText();
    }

    JsonNode evaluate(String targetId, String expression) throws IOException {
      CdpSession page = browser.attachToTarget(targetId).join();
      try {
        JsonNode result =
            page.send("Runtime.evaluate", Json.object().put("expression", expression).put("awaitPromise", true))
                .join()
                .path("result")
                .path("value");
        return result.isTextual() && result.asText().startsWith("{") ? Json.MAPPER.readTree(result.asText()) : result;
      } finally {
        page.detach().join();
      }
    }

    /**
     * Waits until the tab shows {@code url}, fully loaded. A new tab starts on about:blank, whose
     * readyState is already "complete", so readyState alone can answer before the navigation.
     */
    void awaitLoaded(String targetId, String url) throws IOException {
      String check = "document.readyState === 'complete' && location.href.startsWith("
          + Json.MAPPER.writeValueAsString(url) + ")";
      await("tab " + targetId + " loading " + url).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
          .until(() -> evaluate(targetId, check).asBoolean(false));
    }

    /** Three tabs, two origins, every kind of storage written; the tabs stay open. */
    void dirty() throws IOException {
      for (String url : List.of(origin + "/dirty", otherOrigin + "/dirty", origin + "/dirty?again")) {
        String id = openPage(url);
        awaitLoaded(id, url);
        evaluate(id, "window.dirty");
      }
      assertTrue(pages().size() >= 4, "dirty browser has several tabs: " + pages());
    }

    /** What a fresh page on {@code site} sees, read and closed without leaving a tab. */
    JsonNode stateOf(String site) throws IOException {
      String id = openPage(site + "/check");
      try {
        awaitLoaded(id, site + "/check");
        return evaluate(id, STATE);
      } finally {
        browser.send("Target.closeTarget", Json.object().put("targetId", id)).join();
      }
    }

    List<String> pages() {
      List<String> urls = new ArrayList<>();
      for (JsonNode info : browser.send("Target.getTargets").join().path("targetInfos")) {
        if (info.path("type").asText().equals("page")) {
          urls.add(info.path("url").asText());
        }
      }
      return urls;
    }
  }

  private static final Map<ResetPolicy, CdpSlotResetter> resetters = new EnumMap<>(ResetPolicy.class);

  private static CdpSlotResetter resetter(ResetPolicy policy) {
    return resetters.computeIfAbsent(policy, p -> new CdpSlotResetter(p, pool.probe(), CdpClientOptions.defaults()));
  }

  @Test
  void tabsReset_leavesExactlyOneAboutBlankPage_andKeepsCookiesStorageAndCache() throws Exception {
    CdpResetterFixture f = fixture();
    f.dirty();

    resetter(ResetPolicy.TABS).reset(slot);

    assertEquals(List.of("about:blank"), f.pages());
    int fetchesBefore = scriptFetches.get();
    JsonNode state = f.stateOf(origin);
    assertEquals("v", state.path("local").asText());
    assertEquals("c=1", state.path("cookie").asText());
    assertEquals("y", state.path("idb").asText());
    assertEquals(fetchesBefore, scriptFetches.get(), "the cached script came from the HTTP cache");
    assertEquals("v", f.stateOf(otherOrigin).path("local").asText());
  }

  @Test
  void cleanReset_alsoClearsCookiesStorageAndCache_ofEveryOrigin() throws Exception {
    CdpResetterFixture f = fixture();
    f.dirty();

    resetter(ResetPolicy.CLEAN).reset(slot);

    assertEquals(List.of("about:blank"), f.pages());
    assertEquals(0, browser.send("Storage.getCookies").join().path("cookies").size());
    int fetchesBefore = scriptFetches.get();
    for (String site : List.of(origin, otherOrigin)) {
      JsonNode state = f.stateOf(site);
      assertTrue(state.path("local").isNull(), site + " localStorage survived: " + state);
      assertEquals("", state.path("cookie").asText(), site + " cookie survived");
      assertTrue(state.path("idb").isNull(), site + " IndexedDB survived: " + state);
    }
    assertEquals(fetchesBefore + 2, scriptFetches.get(), "the HTTP cache was cleared, so each origin fetched the script again");
  }

  @Test
  void cleanReset_disposesBrowserContextsAHolderCreated() {
    String context = browser.send("Target.createBrowserContext").join().get("browserContextId").asText();
    browser.send("Target.createTarget", Json.object().put("url", "about:blank#in-context").put("browserContextId", context)).join();

    assertThrows(Exception.class, () -> {
      resetter(ResetPolicy.CLEAN).reset(slot);
      browser.send("Target.disposeBrowserContext", Json.object().put("browserContextId", context)).join();
    }, "the context was already disposed by the reset");
    assertEquals(0, browser.send("Target.getBrowserContexts").join().path("browserContextIds").size());
  }

  @Test
  void reset_ofAnAlreadyCleanBrowser_verifiesAgain() throws Exception {
    resetter(ResetPolicy.TABS).reset(slot);
    resetter(ResetPolicy.TABS).reset(slot);

    assertEquals(List.of("about:blank"), fixture().pages());
  }

  @Test
  void reset_slotWithNoBrowser_failsNamingTheSlotPortAndReason() {
    Slot empty = new SlotLayout(new EscarpHome(home), LoopbackPorts.freePort(), "autonomous").slot(0);

    ResetFailedException e = assertThrows(ResetFailedException.class, () -> resetter(ResetPolicy.TABS).reset(empty));

    assertTrue(e.getMessage().startsWith("slot 0: tabs reset on port " + empty.cdpPort()), e.getMessage());
    assertTrue(e.getMessage().contains("no browser there (connection refused)"), e.getMessage());
  }
}
