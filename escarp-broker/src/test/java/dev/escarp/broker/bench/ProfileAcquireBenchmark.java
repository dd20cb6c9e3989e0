package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
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
 * What an auth profile adds to acquire: each round, over one slot of a real daemon, times (1) an
 * acquire with a profile after a {@code tabs} lease (the slot must be wiped first), (2) the same
 * right after a profile lease, whose end wiped the slot (already clean), (3) a plain acquire.
 * Every acquire starts once the slot is free (no reset running). The profile: 100 cookies over 3
 * origins, 10 localStorage items per origin. Run by {@code escarp-broker/bench/profiles.sh}.
 */
public final class ProfileAcquireBenchmark {

  private static final String[] ORIGINS = {"http://a.localhost:8080", "http://b.localhost:8080",
      "http://c.localhost:8080"};

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 40);
    Path home = Files.createTempDirectory("escarp-profile-bench-");
    try (TestDaemon daemon = TestDaemon.create(home, 1, Map.of("ESCARP_LEASE_TTL_S", "30")).start()) {
      ApiClient api = daemon.api();
      Reply put = api.put("/profiles/bench", profile());
      if (put.status() != 200) {
        throw new IllegalStateException("could not store the profile: " + put);
      }
      List<Double> wipeFirst = new ArrayList<>();
      List<Double> alreadyClean = new ArrayList<>();
      List<Double> plain = new ArrayList<>();
      for (int r = -3; r < rounds; r++) { // three rounds of warm-up, not recorded
        double wipe = cycle(api, "{\"holder\": \"bench\", \"profile\": \"bench\"}");
        double clean = cycle(api, "{\"holder\": \"bench\", \"profile\": \"bench\"}");
        double none = cycle(api, "{\"holder\": \"bench\"}");
        if (r >= 0) {
          wipeFirst.add(wipe);
          alreadyClean.add(clean);
          plain.add(none);
        }
      }
      double base = p(plain, 50);
      System.out.println("| acquire | p50 | p90 | added p50 |");
      System.out.println("|---|---|---|---|");
      System.out.printf("| without a profile | %.1f ms | %.1f ms | - |%n", base, p(plain, 90));
      System.out.printf("| with the profile, slot already clean | %.1f ms | %.1f ms | **%.1f ms** |%n",
          p(alreadyClean, 50), p(alreadyClean, 90), p(alreadyClean, 50) - base);
      System.out.printf("| with the profile, wipe first | %.1f ms | %.1f ms | %.1f ms |%n",
          p(wipeFirst, 50), p(wipeFirst, 90), p(wipeFirst, 50) - base);
      System.out.println("rounds: " + rounds + ", load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      try (var files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Waits until the slot is free, times one acquire, releases; milliseconds. */
  private static double cycle(ApiClient api, String body) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(() -> api.get("/status").json().path("slots").get(0).path("state").asText().equals("free"));
    long start = System.nanoTime();
    Reply reply = api.post("/acquire", body);
    double ms = (System.nanoTime() - start) / 1e6;
    if (reply.status() != 200) {
      throw new IllegalStateException("acquire failed: " + reply);
    }
    JsonNode lease = reply.json();
    api.post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}");
    return ms;
  }

  private static double p(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }

  /** 100 cookies over the 3 origins' hosts, 10 localStorage items of about 100 bytes per origin. */
  private static String profile() {
    StringBuilder s = new StringBuilder("{\"cookies\": [");
    for (int i = 0; i < 100; i++) {
      String host = ORIGINS[i % 3].substring("http://".length(), ORIGINS[i % 3].lastIndexOf(':'));
      s.append(i == 0 ? "" : ",").append("{\"name\": \"c").append(i).append("\", \"value\": \"v").append(i)
          .append("-0123456789abcdef0123456789abcdef\", \"domain\": \"").append(host)
          .append("\", \"path\": \"/\", \"expires\": -1, \"httpOnly\": false, \"secure\": false,"
              + " \"sameSite\": \"Lax\"}");
    }
    s.append("], \"origins\": [");
    for (int o = 0; o < ORIGINS.length; o++) {
      s.append(o == 0 ? "" : ",").append("{\"origin\": \"").append(ORIGINS[o]).append("\", \"localStorage\": [");
      for (int i = 0; i < 10; i++) {
        s.append(i == 0 ? "" : ",").append("{\"name\": \"k").append(i).append("\", \"value\": \"")
            .append("x".repeat(100)).append("\"}");
      }
      s.append("]}");
    }
    return s.append("]}").toString();
  }
}
