package dev.escarp.broker.bench;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The floor under issue 16's figure, side by side in one run over one browser that escarp
 * launched (its own flags), arms alternating each round: (a) escarp's acquire with the profile
 * (100 cookies, 3 origins of 10 localStorage items) into a clean slot, minus a plain acquire; (b)
 * a bare CDP client doing only what cannot be avoided (cookies, one Fetch-answered page per origin
 * whose inline script writes the items and calls back, close, wait until gone); (c) Playwright's
 * own {@code newContext(storageState)} over {@code connectOverCDP}, and its empty
 * {@code newContext()}; (d) the cookies-only variants of (a), (b) and (c); and (a) once the slot
 * idled a second (are the spare renderers back?), and (b) answered before its pages are gone. Run by
 * {@code escarp-broker/bench/profiles-floor.sh}.
 */
public final class ProfileFloorBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] ORIGINS = {"http://a.localhost:8080", "http://b.localhost:8080",
      "http://c.localhost:8080"};

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 20);
    Path home = Files.createTempDirectory("escarp-profile-floor-");
    // Every lease ends in a clean wipe, so each arm starts from a clean browser.
    try (TestDaemon daemon = TestDaemon.create(home, 1,
        Map.of("ESCARP_LEASE_TTL_S", "30", "ESCARP_RESET_POLICY", "clean")).start();
        Playwright playwright = Playwrights.create()) {
      ApiClient api = daemon.api();
      String full = ProfileFloorBenchmark.profile(true);
      String cookiesOnly = ProfileFloorBenchmark.profile(false);
      check(api.put("/profiles/full", full));
      check(api.put("/profiles/cookies", cookiesOnly));
      Map<String, List<Double>> times = new LinkedHashMap<>();
      List<String> arms = List.of("escarp: plain acquire", "escarp: acquire with the profile",
          "escarp: acquire with the profile, after the slot idled 1 s",
          "escarp: acquire with 100 cookies only", "raw CDP floor", "raw CDP floor, answered at the call-backs (pages not yet gone)",
          "raw CDP: 100 cookies only",
          "Playwright newContext()", "Playwright newContext(storageState)",
          "Playwright newContext(storageState of 100 cookies only)");
      arms.forEach(a -> times.put(a, new ArrayList<>()));
      for (int r = -2; r < rounds; r++) { // two rounds of warm-up, not recorded
        List<String> order = new ArrayList<>(arms);
        Collections.rotate(order, r + 2);
        for (String arm : order) {
          double ms = switch (arm) {
            case "escarp: plain acquire" -> acquire(api, "{\"holder\": \"bench\"}");
            case "escarp: acquire with the profile" -> acquire(api, "{\"holder\": \"bench\", \"profile\": \"full\"}");
            case "escarp: acquire with the profile, after the slot idled 1 s" -> {
              api.awaitAllFree(Duration.ofSeconds(30));
              // The idle time is what this arm measures: whether the browser's spare renderers are
              // started again by then (they are used up by the previous load).
              Thread.sleep(1000);
              yield acquire(api, "{\"holder\": \"bench\", \"profile\": \"full\"}");
            }
            case "escarp: acquire with 100 cookies only" ->
                acquire(api, "{\"holder\": \"bench\", \"profile\": \"cookies\"}");
            case "raw CDP floor" -> leased(api, port -> raw(port, JSON.readTree(full), true));
            case "raw CDP floor, answered at the call-backs (pages not yet gone)" ->
                leased(api, port -> raw(port, JSON.readTree(full), false));
            case "raw CDP: 100 cookies only" -> leased(api, port -> raw(port, JSON.readTree(cookiesOnly), true));
            case "Playwright newContext()" -> leased(api, port -> playwright(playwright, port, null));
            case "Playwright newContext(storageState)" -> leased(api, port -> playwright(playwright, port, full));
            default -> leased(api, port -> playwright(playwright, port, cookiesOnly));
          };
          if (r >= 0) {
            times.get(arm).add(ms);
          }
        }
      }
      double plain = p50(times.get("escarp: plain acquire"));
      System.out.println("| arm | p50 | p90 | escarp's added p50 |");
      System.out.println("|---|---|---|---|");
      times.forEach((arm, t) -> System.out.printf("| %s | %.1f ms | %.1f ms | %s |%n", arm, p50(t), p(t, 90),
          arm.startsWith("escarp: acquire with") ? String.format("**%.1f ms**", p50(t) - plain) : "-"));
      System.out.println("rounds: " + rounds + ", load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      try (var files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private interface Timed {
    double run(int cdpPort) throws Exception;
  }

  /** Times one acquire (waiting first until the slot is free), then releases; milliseconds. */
  private static double acquire(ApiClient api, String body) {
    api.awaitAllFree(Duration.ofSeconds(30));
    long start = System.nanoTime();
    Reply reply = api.post("/acquire", body);
    double ms = (System.nanoTime() - start) / 1e6;
    check(reply);
    api.post("/release", "{\"lease_token\": \"" + reply.json().path("lease_token").asText() + "\"}");
    return ms;
  }

  /** Under a plain lease (not timed), times {@code work} over the leased browser's own port. */
  private static double leased(ApiClient api, Timed work) throws Exception {
    api.awaitAllFree(Duration.ofSeconds(30));
    Reply reply = api.post("/acquire", "{\"holder\": \"bench\"}");
    check(reply);
    try {
      return work.run(reply.json().path("cdp_port").asInt());
    } finally {
      api.post("/release", "{\"lease_token\": \"" + reply.json().path("lease_token").asText() + "\"}");
    }
  }

  /**
   * Only what cannot be avoided, timed from the first message to the last answer: the cookies and
   * Fetch on at once; one page per origin straight at its URL, its document a script that writes
   * the items and calls back; each page closed at its call-back; the answer once every page is
   * gone (targetDestroyed) and Fetch is off (or, {@code awaitGone} false, once every page called
   * back: what waiting for the closes costs). The connection (with target discovery on) is made
   * before the clock starts.
   */
  private static double raw(int port, JsonNode state, boolean awaitGone) throws Exception {
    try (CdpSocket cdp = browserSocket(port)) {
      cdp.sendAsync("Target.setDiscoverTargets", CdpSocket.params().put("discover", true), null).get(5, TimeUnit.SECONDS);
      Map<String, String> documents = new LinkedHashMap<>();
      for (JsonNode o : state.path("origins")) {
        StringBuilder script = new StringBuilder("for (const [k, v] of ");
        ArrayNode pairs = JSON.createArrayNode();
        o.path("localStorage").forEach(i -> pairs.addArray().add(i.path("name").asText()).add(i.path("value").asText()));
        script.append(pairs).append(") localStorage.setItem(k, v); fetch('/done');");
        documents.put(o.path("origin").asText(), Base64.getEncoder().encodeToString(
            ("<!doctype html><link rel=icon href=\"data:,\"><script>" + script + "</script>").getBytes()));
      }
      Map<String, CompletableFuture<Void>> calledBack = new ConcurrentHashMap<>();
      documents.keySet().forEach(o -> calledBack.put(o, new CompletableFuture<>()));
      Map<String, CompletableFuture<Void>> destroyed = new ConcurrentHashMap<>();
      cdp.onEvent(e -> {
        String method = e.path("method").asText();
        JsonNode p = e.path("params");
        if (method.equals("Target.targetDestroyed")) {
          String id = p.path("targetId").asText();
          destroyed.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(null);
        } else if (method.equals("Fetch.requestPaused")) {
          String url = p.path("request").path("url").asText();
          ObjectNode f = CdpSocket.params().put("requestId", p.path("requestId").asText());
          if (url.endsWith("/done")) {
            cdp.sendAsync("Fetch.fulfillRequest", f.put("responseCode", 204), null);
            calledBack.get(url.substring(0, url.length() - "/done".length())).complete(null);
          } else {
            f.put("responseCode", 200).put("body", documents.get(url.substring(0, url.length() - 1)));
            f.putArray("responseHeaders").addObject().put("name", "Content-Type").put("value", "text/html");
            cdp.sendAsync("Fetch.fulfillRequest", f, null);
          }
        }
      });
      ObjectNode cookies = CdpSocket.params();
      ArrayNode list = cookies.putArray("cookies");
      state.path("cookies").forEach(c -> list.add(((ObjectNode) c.deepCopy()).without("expires")));
      long start = System.nanoTime();
      List<CompletableFuture<?>> steps = new ArrayList<>();
      List<CompletableFuture<Void>> pages = new ArrayList<>();
      steps.add(cdp.sendAsync("Storage.setCookies", cookies, null));
      if (!documents.isEmpty()) {
        ObjectNode enable = CdpSocket.params();
        ArrayNode patterns = enable.putArray("patterns");
        documents.keySet().forEach(o -> patterns.addObject().put("urlPattern", o + "/*"));
        cdp.sendAsync("Fetch.enable", enable, null).get(5, TimeUnit.SECONDS);
        for (String origin : documents.keySet()) {
          // Closed once it called back; counted once the browser reports it destroyed.
          pages.add(cdp.sendAsync("Target.createTarget", CdpSocket.params().put("url", origin + "/").put("background", true), null)
              .thenCombine(calledBack.get(origin), (created, called) -> created.path("targetId").asText())
              .thenCompose(id -> {
                cdp.sendAsync("Target.closeTarget", CdpSocket.params().put("targetId", id), null);
                return destroyed.computeIfAbsent(id, k -> new CompletableFuture<>());
              }));
        }
        CompletableFuture.allOf(calledBack.values().toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        steps.add(cdp.sendAsync("Fetch.disable", CdpSocket.params(), null));
        if (awaitGone) {
          steps.addAll(pages);
        }
      }
      CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      double ms = (System.nanoTime() - start) / 1e6;
      CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      return ms;
    }
  }

  /** A bare CDP socket (the JDK's WebSocket, none of escarp's client code) to the browser target. */
  private static CdpSocket browserSocket(int port) throws Exception {
    String version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/json/version")).build(), HttpResponse.BodyHandlers.ofString()).body();
    return CdpSocket.open(JSON.readTree(version).path("webSocketDebuggerUrl").asText());
  }

  /** Playwright's own: connectOverCDP (not timed), then newContext with the storageState, timed. */
  private static double playwright(Playwright playwright, int port, String storageState) {
    try (Browser browser = playwright.chromium().connectOverCDP("http://127.0.0.1:" + port)) {
      Browser.NewContextOptions options = new Browser.NewContextOptions();
      if (storageState != null) {
        options.setStorageState(storageState);
      }
      long start = System.nanoTime();
      BrowserContext context = browser.newContext(options);
      double ms = (System.nanoTime() - start) / 1e6;
      context.close();
      return ms;
    }
  }

  private static void check(Reply reply) {
    if (reply.status() != 200) {
      throw new IllegalStateException("failed: " + reply);
    }
  }

  private static double p50(List<Double> values) {
    return p(values, 50);
  }

  private static double p(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }

  /** The benchmark's profile (as ProfileAcquireBenchmark's), with or without its localStorage. */
  private static String profile(boolean withStorage) throws Exception {
    ObjectNode state = JSON.createObjectNode();
    ArrayNode cookies = state.putArray("cookies");
    for (int i = 0; i < 100; i++) {
      String host = ORIGINS[i % 3].substring("http://".length(), ORIGINS[i % 3].lastIndexOf(':'));
      cookies.addObject().put("name", "c" + i).put("value", "v" + i + "-0123456789abcdef0123456789abcdef")
          .put("domain", host).put("path", "/").put("expires", -1).put("httpOnly", false).put("secure", false)
          .put("sameSite", "Lax");
    }
    ArrayNode origins = state.putArray("origins");
    if (withStorage) {
      for (String origin : ORIGINS) {
        ArrayNode items = origins.addObject().put("origin", origin).putArray("localStorage");
        for (int i = 0; i < 10; i++) {
          items.addObject().put("name", "k" + i).put("value", "x".repeat(100));
        }
      }
    }
    return JSON.writeValueAsString(state);
  }
}
