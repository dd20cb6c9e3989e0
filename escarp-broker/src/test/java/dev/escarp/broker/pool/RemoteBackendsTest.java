package dev.escarp.broker.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.RemoteChromium;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.Tabs;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.broker.testing.TokenGate;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.slot.RemoteBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two plain Chromium processes the test started itself (not escarp) as {@code remote} slots beside
 * two local ones: leased, relayed (driven by Playwright through each lease's endpoint) and reset
 * like the local ones; a dead remote leaves rotation and comes back when it answers; escarp never
 * ends a remote browser.
 */
class RemoteBackendsTest {

  private static Path dir;
  private static RemoteChromium remoteA;
  private static RemoteChromium remoteB;
  private static TestDaemon daemon;
  private static Playwright playwright;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("escarp-remote-test-");
    remoteA = RemoteChromium.start(dir.resolve("remote-a"));
    remoteB = RemoteChromium.start(dir.resolve("remote-b"));
    daemon = TestDaemon.create(dir.resolve("home"), 2, Map.of());
    PoolConfigStore store = new PoolConfigStore(daemon.pool().home());
    store.save(store.loadFile().config().withRemotes(List.of(
        RemoteBrowser.of("a", remoteA.httpUrl()), RemoteBrowser.of("b", remoteB.httpUrl()))));
    daemon.start();
    playwright = Playwrights.create();
  }

  @AfterAll
  static void stop() throws Exception {
    try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
      if (playwright != null) {
        playwright.close();
      }
      if (daemon != null) {
        daemon.close();
      }
      for (RemoteChromium remote : new RemoteChromium[] {remoteA, remoteB}) {
        if (remote != null) {
          remote.close();
        }
      }
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void statusNamesEachSlotsBackendAndRemoteSlotsComeAfterTheLocalOnes() {
    JsonNode slots = daemon.api().get("/status").json().get("slots");
    assertEquals(4, slots.size(), slots.toString());
    assertEquals(List.of("local", "local", "remote", "remote"), field(slots, "backend"));
    assertEquals(List.of("a", "b"), List.of(slot(slots, 2).get("remote_name").asText(), slot(slots, 3).get("remote_name").asText()));
    assertEquals(remoteA.port(), slot(slots, 2).get("cdp_port").asInt());
    assertEquals(-1, slot(slots, 3).get("pid").asLong(), "escarp does not claim a remote browser's process");
  }

  @Test
  void aProfileLeaseOnARemoteSlotBehindATokenStartsLoggedInAndEndsWiped() throws Exception {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    Reply put = api.put("/profiles/remote-login", "{\"cookies\": [{\"name\": \"sid\", \"value\": \"carol\", "
        + "\"domain\": \"example.test\", \"path\": \"/\", \"expires\": -1, \"httpOnly\": true, \"secure\": false, "
        + "\"sameSite\": \"Lax\"}], \"origins\": []}");
    assertEquals(200, put.status(), put.toString());
    try (TokenGate gate = TokenGate.inFrontOf(remoteA.port(), "s3cret")) {
      Reply added = api.post("/pool/add", "{\"remote\": {\"name\": \"gated-a\", \"url\": \"http://127.0.0.1:"
          + gate.port() + "\", \"headers\": {\"Authorization\": \"Bearer s3cret\"}}}");
      assertEquals(200, added.status(), added.toString());
      int index = added.json().get("slot").asInt();
      try {
        Reply lease = api.post("/acquire", "{\"holder\": \"delegated\", \"slot\": " + index
            + ", \"profile\": \"remote-login\"}");
        assertEquals(200, lease.status(), lease.toString());
        Browser browser = playwright.chromium().connectOverCDP(lease.json().get("cdp_http_url").asText());
        assertTrue(browser.contexts().get(0).cookies().stream().anyMatch(c -> c.name.equals("sid") && c.value.equals("carol")),
            "the remote browser holds the profile's cookie");
        browser.close();
        assertEquals(200, api.post("/release", token(lease.json())).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> state(api, index).equals("free"));
      } finally {
        api.post("/pool/remove", "{\"slot\": " + index + ", \"force\": true}");
      }
    }
    Browser after = playwright.chromium().connectOverCDP(remoteA.httpUrl());
    assertTrue(after.contexts().get(0).cookies().stream().noneMatch(c -> c.name.equals("sid")), "wiped at the lease's end");
    after.close();
  }

  @Test
  void metricsCountSlotsGrantsAndProbesPerBackend() {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    Reply lease = api.post("/acquire", "{\"holder\": \"metrics\", \"slot\": 3}");
    assertEquals(200, lease.status(), lease.toString());
    String metrics = api.get("/metrics").body();
    api.post("/release", token(lease.json()));
    assertTrue(metrics.contains("escarp_backend_slots{backend=\"remote\",state=\"leased\"} 1"), metrics);
    assertTrue(metrics.contains("escarp_backend_slots{backend=\"local\",state=\"free\"} 2"), metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("escarp_backend_leases_granted_total{backend=\"remote\"} ")
        && !l.endsWith(" 0")), metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("escarp_backend_probes_total{backend=\"remote\",outcome=\"answered\"} ")
        && !l.endsWith(" 0")), metrics);
  }

  @Test
  void allFourSlotsAreLeasedLocalFirstDrivenThroughTheirRelayAndResetAfterRelease() throws Exception {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    List<JsonNode> leases = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Reply reply = api.post("/acquire", "{\"holder\": \"four-" + i + "\", \"wait_s\": 10}");
        assertEquals(200, reply.status(), reply.toString());
        leases.add(reply.json());
      }
      assertEquals(List.of(0, 1, 2, 3), leases.stream().map(l -> l.get("slot").asInt()).toList(),
          "local slots are handed out before remote ones");
      assertEquals(List.of("local", "local", "remote", "remote"), leases.stream().map(l -> l.get("backend").asText()).toList());
      for (JsonNode lease : leases) {
        Browser browser = playwright.chromium().connectOverCDP(lease.get("cdp_http_url").asText());
        BrowserContext context = browser.contexts().get(0);
        Page page = context.newPage();
        page.navigate("data:text/html,<title>slot-" + lease.get("slot").asInt() + "</title>");
        assertEquals("slot-" + lease.get("slot").asInt(), page.title());
        browser.close();
      }
    } finally {
      for (JsonNode lease : leases) {
        assertEquals(200, api.post("/release", token(lease)).status());
      }
    }
    awaitAllFree(api);
    for (int port : List.of(remoteA.port(), remoteB.port())) {
      assertTrue(Tabs.pageUrls(port).stream().noneMatch(u -> u.contains("slot-")),
          "the remote browser on port " + port + " was reset: " + Tabs.pageUrls(port));
    }
    assertTrue(remoteA.process().isAlive() && remoteB.process().isAlive(), "remote browsers outlive their leases");
  }

  @Test
  void aDeadRemoteLeavesRotationAndComesBackWhenItAnswersAgainAndEscarpNeverEndsIt() throws Exception {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    ProcessHandle other = remoteB.process();
    remoteA.kill();
    long killedAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
        .until(() -> state(api, 2).equals("unhealthy"));
    double seconds = (System.nanoTime() - killedAt) / 1e9;
    assertTrue(seconds < 2.5, "the dead remote left rotation after " + seconds + " s");
    assertTrue(slot(api.get("/status").json().get("slots"), 2).get("problem").asText().contains("remote browser a"));

    List<JsonNode> leases = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Reply reply = api.post("/acquire", "{\"holder\": \"routed-" + i + "\"}");
        assertEquals(200, reply.status(), reply.toString());
        leases.add(reply.json());
      }
      assertEquals(List.of(0, 1, 3), leases.stream().map(l -> l.get("slot").asInt()).toList());
      Reply none = api.post("/acquire", "{\"holder\": \"too-many\"}");
      assertEquals(409, none.status(), none.toString());
      assertEquals("pool_exhausted", none.error());
    } finally {
      for (JsonNode lease : leases) {
        api.post("/release", token(lease));
      }
    }

    remoteA.startAgain(); // same port, same user-data-dir, a new process the test started
    ProcessHandle revived = remoteA.process();
    await().atMost(Duration.ofSeconds(5)).until(() -> state(api, 2).equals("free"));
    Reply back = api.post("/acquire", "{\"holder\": \"back\", \"slot\": 2}");
    assertEquals(200, back.status(), back.toString());
    Browser browser = playwright.chromium().connectOverCDP(back.json().get("cdp_http_url").asText());
    assertFalse(browser.contexts().isEmpty());
    browser.close();
    assertEquals(200, api.post("/release", token(back.json())).status());
    awaitAllFree(api);
    assertTrue(revived.isAlive(), "escarp never ends a remote browser");
    assertTrue(other.isAlive(), "the other remote ran all along");
    assertEquals(other.pid(), remoteB.process().pid());
  }

  @Test
  void poolAddBrokersARemoteGivenOnlyByItsWebSocketUrl() throws Exception {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    assertEquals(200, api.post("/pool/remove", "{\"slot\": 3}").status());
    try {
      Reply added = api.post("/pool/add", "{\"remote\": {\"name\": \"b-ws\", \"url\": \"" + remoteB.webSocketUrl() + "\"}}");
      assertEquals(200, added.status(), added.toString());
      int index = added.json().get("slot").asInt();
      assertEquals("remote", added.json().get("backend").asText());
      assertEquals(3, index, "a remote added at run time takes the slot after the highest (2, once 3 was removed)");

      Reply lease = api.post("/acquire", "{\"holder\": \"ws-only\", \"slot\": " + index + "}");
      assertEquals(200, lease.status(), lease.toString());
      // Clients find it by the relay's /json/version, answered from what escarp learnt over the WebSocket.
      Browser browser = playwright.chromium().connectOverCDP(lease.json().get("cdp_http_url").asText());
      Page page = browser.contexts().get(0).newPage();
      page.navigate("data:text/html,<title>ws-only</title>");
      assertEquals("ws-only", page.title());
      browser.close();
      assertEquals(200, api.post("/release", token(lease.json())).status());
      await().atMost(Duration.ofSeconds(10)).until(() -> state(api, index).equals("free"));
      assertTrue(Tabs.pageUrls(remoteB.port()).stream().noneMatch(u -> u.contains("ws-only")), "reset over the WebSocket URL");
    } finally { // puts remote b back as slot 3, as the other tests expect it
      api.post("/pool/remove", "{\"slot\": 3, \"force\": true}");
      Reply back = api.post("/pool/add", "{\"remote\": {\"name\": \"b\", \"url\": \"" + remoteB.httpUrl() + "\"}}");
      assertEquals(200, back.status(), back.toString());
    }
  }

  @Test
  void aRemoteBehindATokenGetsItsTokenOnEveryConnectionAsAHeaderOrAQuery() throws Exception {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    try (TokenGate gate = TokenGate.inFrontOf(remoteB.port(), "s3cret")) {
      assertEquals(401, api.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + gate.port() + "/json/version"))).status(), "the gate guards");
      int refusedBefore = gate.refused();
      for (String remote : List.of(
          "{\"name\": \"by-header\", \"url\": \"http://127.0.0.1:" + gate.port() + "\", "
              + "\"headers\": {\"Authorization\": \"Bearer s3cret\"}}",
          "{\"name\": \"by-query\", \"url\": \"http://127.0.0.1:" + gate.port() + "/?token=s3cret\"}")) {
        Reply added = api.post("/pool/add", "{\"remote\": " + remote + "}");
        assertEquals(200, added.status(), added.toString());
        int index = added.json().get("slot").asInt();
        try {
          assertFalse(added.toString().contains("s3cret"), "records never show a remote's token");
          Reply lease = api.post("/acquire", "{\"holder\": \"gated\", \"slot\": " + index + "}");
          assertEquals(200, lease.status(), lease.toString());
          Browser browser = playwright.chromium().connectOverCDP(lease.json().get("cdp_http_url").asText());
          Page page = browser.contexts().get(0).newPage();
          page.navigate("data:text/html,<title>gated</title>");
          assertEquals("gated", page.title());
          browser.close();
          assertEquals(200, api.post("/release", token(lease.json())).status());
          await().atMost(Duration.ofSeconds(10)).until(() -> state(api, index).equals("free")); // reset through the gate
          assertTrue(Tabs.pageUrls(remoteB.port()).stream().noneMatch(u -> u.contains("gated")));
        } finally {
          api.post("/pool/remove", "{\"slot\": " + index + ", \"force\": true}");
        }
      }
      assertEquals(refusedBefore, gate.refused(), "escarp sent the token on every connection");
      assertTrue(gate.admitted() >= 6, "probe, discovery, relay and reset went through the gate: " + gate.admitted());
    }
  }

  @Test
  void theConsolesLiveViewOfARemoteBehindATokenReachesItsBrowser() throws Exception {
    ApiClient api = daemon.api();
    awaitAllFree(api);
    try (TokenGate gate = TokenGate.inFrontOf(remoteB.port(), "s3cret")) {
      Reply added = api.post("/pool/add", "{\"remote\": {\"name\": \"watched\", \"url\": \"http://127.0.0.1:"
          + gate.port() + "\", \"headers\": {\"Authorization\": \"Bearer s3cret\"}}}");
      assertEquals(200, added.status(), added.toString());
      int index = added.json().get("slot").asInt();
      java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
      java.net.http.WebSocket view = null;
      try {
        int refusedBefore = gate.refused();
        view = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
            java.net.URI.create("ws://127.0.0.1:" + api.port() + "/console/live/" + index),
            new java.net.http.WebSocket.Listener() {
              @Override
              public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence text,
                  boolean last) {
                if (text.toString().contains("\"error\"")) {
                  first.complete("error: " + text);
                }
                ws.request(1);
                return null;
              }

              @Override
              public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket ws,
                  java.nio.ByteBuffer data, boolean last) {
                first.complete("frame");
                ws.request(1);
                return null;
              }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("frame", first.get(20, java.util.concurrent.TimeUnit.SECONDS),
            "the live view shows the remote's page, reached with its token");
        assertEquals(refusedBefore, gate.refused(), "the capture sent the remote's token");
      } finally {
        if (view != null) {
          view.abort();
        }
        api.post("/pool/remove", "{\"slot\": " + index + ", \"force\": true}");
      }
    }
  }

  private static void awaitAllFree(ApiClient api) {
    await().atMost(Duration.ofSeconds(15)).until(() ->
        field(api.get("/status").json().get("slots"), "state").stream().allMatch("free"::equals));
  }

  private static String state(ApiClient api, int index) {
    JsonNode s = slotOrNull(api.get("/status").json().get("slots"), index);
    return s == null ? "absent" : s.get("state").asText();
  }

  private static List<String> field(JsonNode slots, String name) {
    List<String> values = new ArrayList<>();
    slots.forEach(s -> values.add(s.get(name).asText()));
    return values;
  }

  private static JsonNode slot(JsonNode slots, int index) {
    JsonNode s = slotOrNull(slots, index);
    if (s == null) {
      throw new AssertionError("no slot " + index + " in " + slots);
    }
    return s;
  }

  private static JsonNode slotOrNull(JsonNode slots, int index) {
    for (JsonNode s : slots) {
      if (s.get("slot").asInt() == index) {
        return s;
      }
    }
    return null;
  }

  private static String token(JsonNode lease) {
    return "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}";
  }
}
