package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What evidence costs, side by side in one run: two daemons of one slot each, one with evidence off
 * ({@code ESCARP_EVIDENCE_KEEP=0}), one with it on (the default 50). Each round, on each: acquire,
 * open a page through the lease's relayed endpoint, time 50 {@code Runtime.evaluate} round trips
 * that log to the console (the holder's view: does the daemon's watch slow it?), release, and time
 * release-to-free (the reset, plus the screenshot and files when evidence is on). Run by {@code
 * escarp-broker/bench/evidence.sh}.
 */
public final class EvidenceBenchmark {

  private static final int CALLS = 50;

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 20);
    Path offHome = Files.createTempDirectory("escarp-evidence-bench-off-");
    Path onHome = Files.createTempDirectory("escarp-evidence-bench-on-");
    try (TestDaemon off = TestDaemon.create(offHome, 1, Map.of("ESCARP_EVIDENCE_KEEP", "0")).start();
         TestDaemon on = TestDaemon.create(onHome, 1, Map.of("ESCARP_EVIDENCE_KEEP", "50")).start()) {
      List<Double> offCall = new ArrayList<>();
      List<Double> onCall = new ArrayList<>();
      List<Double> offFree = new ArrayList<>();
      List<Double> onFree = new ArrayList<>();
      for (int r = -3; r < rounds; r++) { // three rounds of warm-up, not recorded
        double[] a = round(off.api());
        double[] b = round(on.api());
        if (r >= 0) {
          offCall.add(a[0]);
          offFree.add(a[1]);
          onCall.add(b[0]);
          onFree.add(b[1]);
        }
      }
      System.out.println("| evidence | holder's round trip p50 (relay, logging) | release to free p50 | p90 |");
      System.out.println("|---|---|---|---|");
      System.out.printf("| off (`ESCARP_EVIDENCE_KEEP=0`) | %.3f ms | %.1f ms | %.1f ms |%n", p(offCall, 50),
          p(offFree, 50), p(offFree, 90));
      System.out.printf("| on (50) | %.3f ms | %.1f ms | %.1f ms |%n", p(onCall, 50), p(onFree, 50), p(onFree, 90));
      System.out.println("rounds: " + rounds + " x " + CALLS + " calls, load average: "
          + Files.readString(Path.of("/proc/loadavg")).trim());
      if (on.api().get("/evidence").json().path("evidence").size() == 0) {
        throw new IllegalStateException("no evidence was kept: the benchmark measured nothing");
      }
    } finally {
      for (Path home : List.of(offHome, onHome)) {
        try (var files = Files.walk(home)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** One lease: the median round trip of the holder's calls, and release-to-free; milliseconds. */
  private static double[] round(ApiClient api) throws Exception {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
        .until(() -> api.get("/status").json().path("slots").get(0).path("state").asText().equals("free"));
    Reply reply = api.post("/acquire", "{\"holder\": \"bench\"}");
    if (reply.status() != 200) {
      throw new IllegalStateException("acquire failed: " + reply);
    }
    JsonNode lease = reply.json();
    List<Double> calls = new ArrayList<>();
    try (CdpSocket browser = CdpSocket.open(lease.path("cdp_ws_url").asText())) {
      String target = browser.send("Target.createTarget", CdpSocket.params().put("url",
          "data:text/html,<h1>bench</h1>")).path("targetId").asText();
      String session = browser.send("Target.attachToTarget", CdpSocket.params().put("targetId", target)
          .put("flatten", true)).path("sessionId").asText();
      for (int i = 0; i < CALLS; i++) {
        long start = System.nanoTime();
        browser.sendAsync("Runtime.evaluate", CdpSocket.params().put("expression", "console.log('call " + i + "')"),
            session).get();
        calls.add((System.nanoTime() - start) / 1e6);
      }
    }
    long released = System.nanoTime();
    api.post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
        .until(() -> api.get("/status").json().path("slots").get(0).path("state").asText().equals("free"));
    return new double[] {p(calls, 50), (System.nanoTime() - released) / 1e6};
  }

  private static double p(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }
}
