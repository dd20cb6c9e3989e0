package dev.escarp.broker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.sun.net.httpserver.HttpServer;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay against the browser's own endpoint, side by side in one run (BENCHMARKS.md): CDP round
 * trips fresh and warm, a screenshot of several MB, time to first page with Playwright for Java,
 * revocation latency, and the daemon's CPU while 8 leases stream screencast frames. The daemon
 * runs as its own process. Run with escarp-broker/bench/relay.sh.
 */
public final class RelayBenchmark {

  private static final int SLOTS = Integer.getInteger("bench.slots", 8);

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("escarp-relay-bench-");
    try (TestPool pool = TestPool.create(home, SLOTS)) {
      pool.launchAll();
      new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(SLOTS).withCdpBase(pool.layout().cdpBase()));
      // BENCH_EVIDENCE=0: no evidence watch, which a relayed lease starts at its first request and a
      // direct one never does, so the two arms differ only by the relay itself
      Map<String, String> env = TestDaemon.environment(pool,
          "0".equals(System.getenv("BENCH_EVIDENCE")) ? Map.of("ESCARP_EVIDENCE_KEEP", "0") : Map.of());
      int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
      Process daemon = BrokerLoadBenchmark.startDaemon(env, "");
      try {
        BrokerLoadBenchmark.awaitServing(port);
        ApiClient api = new ApiClient(port);
        if (!Boolean.getBoolean("bench.screencastOnly")) {
          roundTrips(api);
          screenshots(api);
          handshakes(api);
          firstPage(api);
          revocation(api);
        }
        screencast(api, daemon.pid());
      } finally {
        daemon.destroy();
        daemon.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Browser.getVersion through the relay and direct, interleaved; the first 200 of a fresh daemon apart. */
  private static void roundTrips(ApiClient api) throws Exception {
    JsonNode lease = acquire(api, "bench-rtt");
    String relayed = lease.get("cdp_ws_url").asText();
    String direct = relayed.replaceAll("127\\.0\\.0\\.1:\\d+/cdp/[^/]+", "127.0.0.1:" + lease.get("cdp_port").asInt());
    try (CdpSocket viaRelay = CdpSocket.open(relayed); CdpSocket viaBrowser = CdpSocket.open(direct)) {
      report("Browser.getVersion, fresh daemon (first 200)", measure(viaRelay, viaBrowser, 200), "µs");
      measure(viaRelay, viaBrowser, 3000); // warm-up, unrecorded
      for (int round = 1; round <= 3; round++) {
        report("Browser.getVersion, warm (round " + round + ", 2000 each)", measure(viaRelay, viaBrowser, 2000), "µs");
      }
      // The floor of one more process on the path, for comparison.
      try (BareProxy proxy = new BareProxy(lease.get("cdp_port").asInt());
          CdpSocket viaProxy = CdpSocket.open(direct.replace(":" + lease.get("cdp_port").asInt() + "/", ":" + proxy.port() + "/"))) {
        measure(viaProxy, viaBrowser, 3000);
        List<List<Double>> proxied = measure(viaProxy, viaBrowser, 2000);
        report("Browser.getVersion, warm (2000 each)", "bare proxy", proxied.get(0), proxied.get(1), "µs");
      }
    }
    release(api, lease);
  }

  private static List<List<Double>> measure(CdpSocket relay, CdpSocket direct, int n) throws Exception {
    List<Double> viaRelay = new ArrayList<>();
    List<Double> viaBrowser = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean relayFirst = (i & 1) == 0;
      for (int k = 0; k < 2; k++) {
        boolean useRelay = relayFirst == (k == 0);
        long t0 = System.nanoTime();
        (useRelay ? relay : direct).send("Browser.getVersion");
        (useRelay ? viaRelay : viaBrowser).add((System.nanoTime() - t0) / 1e3);
      }
    }
    return List.of(viaRelay, viaBrowser);
  }

  /** Page.captureScreenshot of an incompressible 1400x1400 page (about 7.6 MB of base64). */
  private static void screenshots(ApiClient api) throws Exception {
    JsonNode lease = acquire(api, "bench-shot");
    String page = firstPage(api, lease);
    String direct = page.replaceAll("127\\.0\\.0\\.1:\\d+/cdp/[^/]+", "127.0.0.1:" + lease.get("cdp_port").asInt());
    try (CdpSocket viaRelay = CdpSocket.open(page); CdpSocket viaBrowser = CdpSocket.open(direct)) {
      viaRelay.send("Emulation.setDeviceMetricsOverride", CdpSocket.params().put("width", 1400).put("height", 1400)
          .put("deviceScaleFactor", 1).put("mobile", false));
      viaRelay.send("Page.navigate", CdpSocket.params().put("url", NOISE_PAGE));
      viaRelay.send("Runtime.evaluate", CdpSocket.params().put("expression", "document.title").put("awaitPromise", true));
      List<Double> relayMs = new ArrayList<>();
      List<Double> directMs = new ArrayList<>();
      int bytes = 0;
      for (int i = 0; i < 12; i++) {
        for (boolean useRelay : (i & 1) == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          long t0 = System.nanoTime();
          JsonNode shot = (useRelay ? viaRelay : viaBrowser).send("Page.captureScreenshot");
          (useRelay ? relayMs : directMs).add((System.nanoTime() - t0) / 1e6);
          bytes = shot.get("data").asText().length();
        }
      }
      report("Page.captureScreenshot, " + bytes / 1_000_000.0 + " MB (12 each)", List.of(relayMs, directMs), "ms");
    }
    release(api, lease);
  }

  /** Acquire, Playwright connectOverCDP, load a local page: the relay, a bare proxy and the browser's own port. */
  private static void firstPage(ApiClient api) throws Exception {
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] html = "<html><title>bench</title><body><h1>escarp</h1></body></html>".getBytes(StandardCharsets.UTF_8);
    site.createContext("/", ex -> {
      ex.getResponseHeaders().set("content-type", "text/html");
      ex.sendResponseHeaders(200, html.length);
      ex.getResponseBody().write(html);
      ex.close();
    });
    site.start();
    String url = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
    // Three arms, their order rotating each round: the daemon's relay, a bare TCP proxy (the floor
    // of one more process on the path), and the browser's own port.
    List<String> arms = List.of("relay", "bare proxy", "direct");
    Map<String, List<Double>> ms = new java.util.LinkedHashMap<>();
    arms.forEach(arm -> ms.put(arm, new ArrayList<>()));
    Map<Integer, BareProxy> proxies = new java.util.HashMap<>();
    int rounds = Integer.getInteger("bench.firstPageRounds", 12) + 2; // the first two are not counted
    try (Playwright playwright = Playwrights.create()) {
      for (int i = 0; i < rounds; i++) {
        for (int k = 0; k < arms.size(); k++) {
          String arm = arms.get((i + k) % arms.size());
          // The previous sample's lease end (its reset, its evidence screenshot) must not run into this
          // one: it would slow whichever arm comes next, and only relayed leases are watched.
          api.awaitAllFree(Duration.ofSeconds(30));
          long t0 = System.nanoTime();
          JsonNode lease = acquire(api, "bench-first-page");
          int cdpPort = lease.get("cdp_port").asInt();
          String endpoint = switch (arm) {
            case "relay" -> lease.get("cdp_http_url").asText();
            case "bare proxy" -> "http://127.0.0.1:" + proxies.computeIfAbsent(cdpPort, RelayBenchmark::proxy).port();
            default -> "http://127.0.0.1:" + cdpPort;
          };
          Browser browser = playwright.chromium().connectOverCDP(endpoint);
          Page page = browser.contexts().get(0).pages().get(0);
          page.navigate(url);
          if (!page.title().equals("bench")) {
            throw new IllegalStateException("wrong page");
          }
          double took = (System.nanoTime() - t0) / 1e6;
          browser.close();
          release(api, lease);
          if (i >= 2) { // the first rounds load Playwright's own code
            ms.get(arm).add(took);
          }
        }
      }
    } finally {
      site.stop(0);
      proxies.values().forEach(BareProxy::close);
    }
    String what = "time to first page: acquire + Playwright connectOverCDP + load a local page (" + ms.get("relay").size() + " each)";
    report(what, List.of(ms.get("relay"), ms.get("direct")), "ms");
    report(what, "bare proxy", ms.get("bare proxy"), ms.get("direct"), "ms");
  }

  private static BareProxy proxy(int browserPort) {
    try {
      return new BareProxy(browserPort);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first page's fixed costs apart: a discovery request ({@code /json/version}) and a bare
   * WebSocket handshake, through the relay, through a bare proxy and direct, interleaved on one
   * lease (200 each after 50 unrecorded).
   */
  private static void handshakes(ApiClient api) throws Exception {
    JsonNode lease = acquire(api, "bench-handshakes");
    int cdpPort = lease.get("cdp_port").asInt();
    String relayWs = lease.get("cdp_ws_url").asText();
    String browserPath = relayWs.substring(relayWs.indexOf("/devtools/"));
    try (BareProxy proxy = new BareProxy(cdpPort)) {
      Map<String, String> http = Map.of("relay", lease.get("cdp_http_url").asText(),
          "bare proxy", "http://127.0.0.1:" + proxy.port(), "direct", "http://127.0.0.1:" + cdpPort);
      Map<String, String> ws = Map.of("relay", relayWs, "bare proxy", "ws://127.0.0.1:" + proxy.port() + browserPath,
          "direct", "ws://127.0.0.1:" + cdpPort + browserPath);
      List<String> arms = List.of("relay", "bare proxy", "direct");
      Map<String, List<Double>> json = new java.util.HashMap<>();
      Map<String, List<Double>> open = new java.util.HashMap<>();
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      for (int i = 0; i < 250; i++) {
        for (int k = 0; k < arms.size(); k++) {
          String arm = arms.get((i + k) % arms.size());
          long t0 = System.nanoTime();
          client.send(HttpRequest.newBuilder(URI.create(http.get(arm) + "/json/version")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
          long t1 = System.nanoTime();
          try (CdpSocket socket = CdpSocket.open(ws.get(arm))) {
            long t2 = System.nanoTime();
            if (i >= 50) {
              json.computeIfAbsent(arm, a -> new ArrayList<>()).add((t1 - t0) / 1e3);
              open.computeIfAbsent(arm, a -> new ArrayList<>()).add((t2 - t1) / 1e3);
            }
          }
        }
      }
      report("GET /json/version (200 each)", List.of(json.get("relay"), json.get("direct")), "µs");
      report("GET /json/version (200 each)", "bare proxy", json.get("bare proxy"), json.get("direct"), "µs");
      report("a WebSocket handshake to the browser endpoint (200 each)",
          List.of(open.get("relay"), open.get("direct")), "µs");
      report("a WebSocket handshake to the browser endpoint (200 each)", "bare proxy", open.get("bare proxy"), open.get("direct"), "µs");
    } finally {
      release(api, lease);
    }
  }

  /** From sending /release to the holder's socket closing; the release reply's own time beside it. */
  private static void revocation(ApiClient api) throws Exception {
    List<Double> closedMs = new ArrayList<>();
    List<Double> replyMs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      JsonNode lease = acquire(api, "bench-revoke");
      try (CdpSocket socket = CdpSocket.open(lease.get("cdp_ws_url").asText())) {
        socket.send("Browser.getVersion");
        AtomicLong closedAt = new AtomicLong();
        socket.closed().thenRun(() -> closedAt.set(System.nanoTime()));
        long t0 = System.nanoTime();
        release(api, lease);
        long replied = System.nanoTime();
        socket.closed().get(5, TimeUnit.SECONDS);
        while (closedAt.get() == 0) {
          Thread.onSpinWait();
        }
        closedMs.add((closedAt.get() - t0) / 1e6);
        replyMs.add((replied - t0) / 1e6);
      }
    }
    report("revocation: /release sent to the holder's WebSocket closed (100 leases; beside it, the release reply)",
        List.of(closedMs, replyMs), "ms");
    String buckets = api.get("/metrics").body().lines().filter(l -> l.startsWith("escarp_relay_revocation_seconds_bucket"))
        .map(l -> l.replace("escarp_relay_revocation_seconds_bucket", "")).reduce((a, b) -> a + ", " + b).orElse("");
    System.out.println("| revocation in the daemon: lease end to close frame written (cumulative counts) | " + buckets + " |");
  }

  /** Every slot leased, each streaming screencast-sized frames through its relay for 15 s; the daemon's CPU. */
  private static void screencast(ApiClient api, long daemonPid) throws Exception {
    List<JsonNode> leases = new ArrayList<>();
    List<Thread> streams = new ArrayList<>();
    AtomicLong frames = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    for (int i = 0; i < SLOTS; i++) {
      JsonNode lease = acquire(api, "bench-frames-" + i);
      leases.add(lease);
      streams.add(FrameStream.start(pageInItsOwnWindow(lease, FrameStream.ANIMATED), frames, stop));
    }
    long bytes0 = relayedToClient(api);
    long cpu0 = cpuTicks(daemonPid);
    long frames0 = frames.get();
    long t0 = System.nanoTime();
    Thread.sleep(15_000); // the measurement window
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (cpuTicks(daemonPid) - cpu0) / 100.0;
    long relayed = frames.get() - frames0;
    long bytes = relayedToClient(api) - bytes0;
    stop.set(true);
    for (Thread stream : streams) {
      stream.join(10_000);
    }
    for (JsonNode lease : leases) {
      release(api, lease);
    }
    System.out.printf(Locale.ROOT, "| %d leases streaming JPEG frames for %.0f s | %d frames (%.1f/s), %.1f MB/s relayed | "
        + "daemon CPU %.1f%% of one core, %.0f µs per frame |%n", SLOTS, seconds, relayed, relayed / seconds,
        bytes / seconds / 1e6, 100 * cpuSeconds / seconds, 1e6 * cpuSeconds / Math.max(1, relayed));
  }

  private static long relayedToClient(ApiClient api) {
    String name = "escarp_relay_bytes_total{direction=\"to_client\"} ";
    return api.get("/metrics").body().lines().filter(l -> l.startsWith(name))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(name.length()))).findFirst().orElse(0);
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime, in clock ticks (100/s)
  }

  static final String NOISE_PAGE = "data:text/html,<body style='margin:0'><canvas id=c width=1400 height=1400></canvas>"
      + "<script>const c=document.getElementById('c').getContext('2d');const d=c.createImageData(1400,1400);"
      + "for(let i=0;i<d.data.length;i+=65536)crypto.getRandomValues(d.data.subarray(i,Math.min(i+65536,d.data.length)));"
      + "for(let i=3;i<d.data.length;i+=4)d.data[i]=255;c.putImageData(d,0,0);document.title='noise'</script>";

  /** A page in a window of its own, so it paints (a background tab of a shared window would not). */
  private static String pageInItsOwnWindow(JsonNode lease, String url) throws Exception {
    String browserUrl = lease.get("cdp_ws_url").asText();
    try (CdpSocket browser = CdpSocket.open(browserUrl)) {
      String id = browser.send("Target.createTarget", CdpSocket.params().put("url", url).put("newWindow", true))
          .get("targetId").asText();
      return browserUrl.substring(0, browserUrl.indexOf("/devtools/")) + "/devtools/page/" + id;
    }
  }

  /** A page of the lease's own: a new one, since the tab the reset left may still be settling. */
  private static String firstPage(ApiClient api, JsonNode lease) {
    JsonNode page = api.send(HttpRequest.newBuilder(URI.create(lease.get("cdp_http_url").asText() + "/json/new?about:blank"))
        .PUT(HttpRequest.BodyPublishers.noBody())).json();
    return page.get("webSocketDebuggerUrl").asText();
  }

  private static JsonNode acquire(ApiClient api, String holder) {
    var reply = api.post("/acquire", "{\"holder\": \"" + holder + "\", \"wait_s\": 30}");
    if (reply.status() != 200) {
      throw new IllegalStateException(reply.toString());
    }
    return reply.json();
  }

  private static void release(ApiClient api, JsonNode lease) {
    api.post("/release", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
  }

  private static void report(String what, List<List<Double>> relayAndDirect, String unit) {
    report(what, "relay", relayAndDirect.get(0), relayAndDirect.get(1), unit);
  }

  /** One row: an arm ({@code name}) against the browser's own port. */
  private static void report(String what, String name, List<Double> arm, List<Double> directly, String unit) {
    double[] a = stats(arm);
    double[] direct = stats(directly);
    System.out.printf(Locale.ROOT, "| %s | %s p50 %.1f / p99 %.1f %s | direct p50 %.1f / p99 %.1f %s | p50 ratio %.3f, added %.1f %s |%n",
        what, name, a[0], a[1], unit, direct[0], direct[1], unit, a[0] / direct[0], a[0] - direct[0], unit);
  }

  private static double[] stats(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return new double[] {sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1))};
  }
}
