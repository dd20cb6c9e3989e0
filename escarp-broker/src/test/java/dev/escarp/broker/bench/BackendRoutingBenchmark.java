package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.RemoteChromium;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.slot.RemoteBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Routing across backends (issue 21), over a real daemon with 4 local slots and 4 remote ones
 * (plain Chromium processes this benchmark starts itself): acquire latency through routing, side
 * by side in one run (the first four acquires of a round land on local slots, the next four walk
 * past the leased locals to remote ones; a named-slot acquire of each backend is the no-routing
 * baseline); then, for a remote SIGKILLed {@code bench.kills} times, how long until {@code
 * /status} shows it unhealthy, and once restarted on its port, how long until it is free again.
 * Run by {@code escarp-broker/bench/backends.sh}.
 */
public final class BackendRoutingBenchmark {

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 30);
    int kills = Integer.getInteger("bench.kills", 5);
    Path dir = Files.createTempDirectory("escarp-backends-bench-");
    List<RemoteChromium> remotes = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        remotes.add(RemoteChromium.start(dir.resolve("remote-" + i)));
      }
      TestDaemon daemon = TestDaemon.create(dir.resolve("home"), 4, Map.of("ESCARP_LEASE_TTL_S", "60"));
      PoolConfigStore store = new PoolConfigStore(daemon.pool().home());
      List<RemoteBrowser> named = new ArrayList<>();
      for (int i = 0; i < remotes.size(); i++) {
        named.add(RemoteBrowser.of("r" + i, remotes.get(i).httpUrl()));
      }
      store.save(store.loadFile().config().withRemotes(named));
      try (TestDaemon running = daemon.start()) {
        ApiClient api = running.api();
        latency(api, rounds);
        rotation(api, remotes.get(0), kills);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
      }
    } finally {
      remotes.forEach(RemoteChromium::close);
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void latency(ApiClient api, int rounds) {
    List<Double> local = new ArrayList<>();
    List<Double> remote = new ArrayList<>();
    List<Double> namedLocal = new ArrayList<>();
    List<Double> namedRemote = new ArrayList<>();
    for (int r = -3; r < rounds; r++) { // three rounds of warm-up, not recorded
      awaitAllFree(api);
      List<JsonNode> leases = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long start = System.nanoTime();
        JsonNode lease = acquire(api, "{\"holder\": \"bench-" + i + "\"}");
        double ms = (System.nanoTime() - start) / 1e6;
        leases.add(lease);
        if (r >= 0) {
          (lease.path("backend").asText().equals("local") ? local : remote).add(ms);
        }
      }
      releaseAll(api, leases);
      awaitAllFree(api);
      for (int slot : new int[] {r & 3, 4 + (r & 3)}) {
        awaitAllFree(api); // no reset of the one before runs meanwhile
        long start = System.nanoTime();
        JsonNode lease = acquire(api, "{\"holder\": \"named\", \"slot\": " + slot + "}");
        double ms = (System.nanoTime() - start) / 1e6;
        if (r >= 0) {
          (slot < 4 ? namedLocal : namedRemote).add(ms);
        }
        releaseAll(api, List.of(lease));
      }
    }
    System.out.println("| acquire (4 local + 4 remote slots) | p50 | p90 | n |");
    System.out.println("|---|---|---|---|");
    row("routed, lands on a local slot (locals free)", local);
    row("routed, lands on a remote slot (all 4 locals leased)", remote);
    row("named local slot (no routing)", namedLocal);
    row("named remote slot (no routing)", namedRemote);
  }

  private static void rotation(ApiClient api, RemoteChromium victim, int kills) {
    List<Double> out = new ArrayList<>();
    List<Double> backAfterAnswer = new ArrayList<>();
    List<Double> backAfterRestart = new ArrayList<>();
    for (int k = 0; k < kills; k++) {
      awaitAllFree(api);
      victim.kill();
      long killed = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> state(api, 4).equals("unhealthy"));
      out.add((System.nanoTime() - killed) / 1e6);
      long restart = System.nanoTime();
      victim.startAgain(); // returns once its /json/version answers
      long answered = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> state(api, 4).equals("free"));
      long back = System.nanoTime();
      backAfterAnswer.add((back - answered) / 1e6);
      backAfterRestart.add((back - restart) / 1e6);
    }
    System.out.println();
    System.out.println("| a remote slot (ESCARP_REMOTE_HEALTH_INTERVAL_S=1) | median | max | n |");
    System.out.println("|---|---|---|---|");
    rowMedianMax("SIGKILLed -> shown unhealthy (out of rotation)", out);
    rowMedianMax("restarted on its port, answering -> free again", backAfterAnswer);
    rowMedianMax("restart command -> free again (includes Chromium's start)", backAfterRestart);
  }

  private static JsonNode acquire(ApiClient api, String body) {
    Reply reply = api.post("/acquire", body);
    if (reply.status() != 200) {
      throw new IllegalStateException("acquire failed: " + reply);
    }
    return reply.json();
  }

  private static void releaseAll(ApiClient api, List<JsonNode> leases) {
    for (JsonNode lease : leases) {
      api.post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}");
    }
  }

  private static void awaitAllFree(ApiClient api) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
      for (JsonNode s : api.get("/status").json().path("slots")) {
        if (!s.path("state").asText().equals("free")) {
          return false;
        }
      }
      return true;
    });
  }

  private static String state(ApiClient api, int slot) {
    for (JsonNode s : api.get("/status").json().path("slots")) {
      if (s.path("slot").asInt() == slot) {
        return s.path("state").asText();
      }
    }
    return "absent";
  }

  private static void row(String what, List<Double> ms) {
    System.out.printf("| %s | %.2f ms | %.2f ms | %d |%n", what, p(ms, 50), p(ms, 90), ms.size());
  }

  private static void rowMedianMax(String what, List<Double> ms) {
    System.out.printf("| %s | %.0f ms | %.0f ms | %d |%n", what, p(ms, 50), Collections.max(ms), ms.size());
  }

  private static double p(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
