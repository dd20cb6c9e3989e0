package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The figures compared between the daemon's first minute and a warm daemon: acquire latency
 * (acquire then release on one keep-alive connection, a free slot each time), heartbeat
 * throughput (32 connections) and status latency (1 connection). {@link #measure} takes about
 * 30 s, so a run started right after the daemon serves ends within its first minute.
 */
record RouteFigures(double acquireP50, double acquireP99, Wrk heartbeats, Wrk status) {

  /**
   * Acquire cycles per measurement ({@code -Dbench.cycles}, default 200); the pause between them
   * lets the released slot's reset finish. Fewer on a machine so busy that 200 cycles, a reset
   * each, do not fit in the daemon's first minute.
   */
  static final int CYCLES = Integer.getInteger("bench.cycles", 200);
  private static final long PAUSE_MS = 40;

  static RouteFigures measure(int port) throws IOException, InterruptedException {
    List<Double> acquireMs = acquireCycles(port, CYCLES);
    try (KeepAliveClient c = new KeepAliveClient(port)) {
      String token = c.post("/acquire", "{\"holder\": \"bench-hb\", \"slot\": 0}").body().get("lease_token").asText();
      Thread keeper = BrokerLoadBenchmark.keepAlive(port, token); // the TTL is 1 s; wrk runs for 10
      String hbBody = "{\"lease_token\": \"" + token + "\"}";
      Wrk heartbeats = Wrk.run(port, "/heartbeat", hbBody, 32, 2);
      Wrk status = Wrk.run(port, "/status", null, 1, 1);
      keeper.interrupt();
      keeper.join();
      c.post("/release", hbBody);
      Collections.sort(acquireMs);
      return new RouteFigures(acquireMs.get(acquireMs.size() / 2),
          acquireMs.get((int) Math.ceil(acquireMs.size() * 0.99) - 1), heartbeats, status);
    }
  }

  /**
   * Acquire (lowest free slot, no wait) then release, {@code n} times on one connection; the
   * acquire replies' times in ms. Between cycles, a pause of {@value #PAUSE_MS} ms, then /status
   * until the released slot's reset is done (about 60 ms, far more on a busy machine): an acquire
   * must not wait for a reset, nor share the cores with one.
   */
  static List<Double> acquireCycles(int port, int n) throws IOException, InterruptedException {
    List<Double> ms = new ArrayList<>();
    try (KeepAliveClient c = new KeepAliveClient(port)) {
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        KeepAliveClient.Response r = c.post("/acquire", "{\"holder\": \"bench-acquire\"}");
        long t1 = System.nanoTime();
        if (r.status() != 200) {
          throw new IllegalStateException("acquire answered " + r.status() + ": " + r.body());
        }
        ms.add((t1 - t0) / 1e6);
        c.post("/release", "{\"lease_token\": \"" + r.body().get("lease_token").asText() + "\"}");
        Thread.sleep(PAUSE_MS); // pacing, not a wait: acquires in real use come after a pause (see above)
        awaitResetsDone(c);
      }
    }
    return ms;
  }

  /**
   * Polls /status (untimed) until no slot is resetting, so the next acquire finds a free slot at
   * once and no browser is busy with a reset beside it.
   */
  static void awaitResetsDone(KeepAliveClient c) {
    await("no slot resetting").atMost(Duration.ofSeconds(30)).pollInSameThread()
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
        .until(() -> {
          for (JsonNode slot : c.get("/status").body().get("slots")) {
            if ("resetting".equals(slot.path("state").asText())) {
              return false;
            }
          }
          return true;
        });
  }

  /** The same, on a connection of its own. */
  static void awaitResetsDone(int port) throws IOException {
    try (KeepAliveClient c = new KeepAliveClient(port)) {
      awaitResetsDone(c);
    }
  }

  String acquire() {
    return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", acquireP50, acquireP99);
  }
}
