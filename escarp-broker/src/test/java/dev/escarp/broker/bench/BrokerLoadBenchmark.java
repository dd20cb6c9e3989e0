package dev.escarp.broker.bench;

import dev.escarp.broker.daemon.DaemonMain;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.http.PlainHttp;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The daemon under load, on this machine, against 4 real browsers: start-up time, idle memory,
 * heartbeat and status throughput (wrk, 32 connections), one-connection latency, release reply
 * time, release-to-reacquired versus the reset alone, and how late expired leases are reclaimed.
 * Run by {@code escarp-broker/bench/load.sh}; prints a Markdown table.
 */
public final class BrokerLoadBenchmark {

  private static final int POOL = 4;

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("escarp-load-");
    try (TestPool pool = TestPool.create(home, POOL)) {
      pool.launchAll();
      new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(POOL).withCdpBase(pool.layout().cdpBase()));
      Map<String, String> env = TestDaemon.environment(pool, Map.of("ESCARP_LEASE_TTL_S", "1",
          "ESCARP_WARMUP_MS", "")); // each build as it starts by default: with its warm-up, if it has one
      int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
      List<String> rows = new ArrayList<>();

      // One request to a browser first, so the polling code is loaded before the clock starts.
      PlainHttp.exchange(URI.create("http://127.0.0.1:" + pool.layout().cdpBase()), "GET", "/json/version",
          Optional.empty(), Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(2));
      // First start: right after the browsers were launched, while they still settle (as in `escarp up`).
      double coldMs = startToServing(env, port);
      // Then restarts (SIGTERM, start again) once the browsers are idle: the median of three.
      Thread.sleep(5000);
      List<Double> restartMs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        restartMs.add(startToServing(env, port));
        Thread.sleep(1000);
      }
      rows.add(row("start to serving, right after launching the browsers (process start to first /healthz 200)",
          fmt(coldMs) + " ms"));
      rows.add(row("start to serving, browsers idle (median of 3 restarts)", fmt(median(restartMs)) + " ms"));
      // The first minute: a fresh daemon measured at once, as when a suite starts right after `escarp up`.
      RouteFigures firstMinute = firstMinute(env, port, System.getProperty("bench.escarp", ""));
      Process daemon = startDaemon(env);
      awaitServing(port);
      try {
        Thread.sleep(3000);
        String early = rssMiB(daemon.pid());
        Thread.sleep(7000); // the JIT's freed native memory goes back to the system every 2 s
        rows.add(row("resident memory, idle, 4 slots (VmRSS 3 s / 10 s after serving)",
            early + " / " + rssMiB(daemon.pid()) + " MiB"));

        try (KeepAliveClient c = new KeepAliveClient(port)) {
          String token = c.post("/acquire", "{\"holder\": \"bench-hb\", \"slot\": 0}").body().get("lease_token").asText();
          // keep the lease alive (TTL is 1 s here) while wrk runs for 10 s
          Thread keeper = keepAlive(port, token);
          String hbBody = "{\"lease_token\": \"" + token + "\"}";
          // A long-running daemon is measured warm: one unrecorded run of each first, for the JIT.
          Wrk.run(port, "/heartbeat", hbBody, 32, 2);
          Wrk.run(port, "/status", null, 32, 2);
          RouteFigures.acquireCycles(port, RouteFigures.CYCLES);
          rows.add(row("heartbeat throughput, 32 connections (wrk -t2 -c32 -d10s)",
              Wrk.run(port, "/heartbeat", hbBody, 32, 2).requestsPerSecond() + " req/s"));
          rows.add(row("status throughput, 32 connections (wrk -t2 -c32 -d10s)",
              Wrk.run(port, "/status", null, 32, 2).requestsPerSecond() + " req/s"));
          Wrk one = Wrk.run(port, "/heartbeat", hbBody, 1, 1);
          rows.add(row("heartbeat latency, 1 keep-alive connection (wrk -t1 -c1)", "p50 " + one.p50() + ", p99 " + one.p99()));
          Wrk oneStatus = Wrk.run(port, "/status", null, 1, 1);
          rows.add(row("status latency, 1 keep-alive connection (wrk -t1 -c1)", "p50 " + oneStatus.p50() + ", p99 " + oneStatus.p99()));
          keeper.interrupt();
          keeper.join();
          c.post("/release", hbBody);
        }
        RouteFigures.awaitResetsDone(port);
        RouteFigures warm = RouteFigures.measure(port);
        rows.add(row("acquire reply, first minute / warm (" + RouteFigures.CYCLES + " acquire + release cycles, 1 connection)",
            firstMinute.acquire() + " / " + warm.acquire()));
        rows.add(row("heartbeat throughput, first minute / warm (wrk -t2 -c32 -d10s)",
            firstMinute.heartbeats().requestsPerSecond() + " / " + warm.heartbeats().requestsPerSecond() + " req/s"));
        rows.add(row("status latency, first minute / warm (wrk -t1 -c1)", "p50 " + firstMinute.status().p50() + " / "
            + warm.status().p50() + ", p99 " + firstMinute.status().p99() + " / " + warm.status().p99()));
        RouteFigures.awaitResetsDone(port);

        List<Double> releaseMs = new ArrayList<>();
        List<Double> reacquireMs = new ArrayList<>();
        try (KeepAliveClient c = new KeepAliveClient(port)) {
          for (int i = 0; i < 40; i++) {
            String token = c.post("/acquire", "{\"holder\": \"bench\", \"slot\": 1, \"wait_s\": 10}").body().get("lease_token").asText();
            long t0 = System.nanoTime();
            c.post("/release", "{\"lease_token\": \"" + token + "\"}");
            long t1 = System.nanoTime();
            KeepAliveClient.Response again = c.post("/acquire", "{\"holder\": \"bench\", \"slot\": 1, \"wait_s\": 10}");
            long t2 = System.nanoTime();
            releaseMs.add((t1 - t0) / 1e6);
            reacquireMs.add((t2 - t0) / 1e6);
            c.post("/release", "{\"lease_token\": \"" + again.body().get("lease_token").asText() + "\"}");
            Thread.sleep(150);
          }
        }
        RouteFigures.awaitResetsDone(port);
        List<Double> resetMs = new ArrayList<>();
        try (CdpSlotResetter resetter = new CdpSlotResetter(ResetPolicy.TABS, pool.probe(), CdpClientOptions.defaults())) {
          for (int i = 0; i < 40; i++) {
            long t0 = System.nanoTime();
            resetter.reset(pool.slot(3));
            resetMs.add((System.nanoTime() - t0) / 1e6);
          }
        }
        double reacquire = median(reacquireMs);
        double reset = median(resetMs);
        rows.add(row("release reply (40 cycles)", "p50 " + fmt(median(releaseMs)) + " ms"));
        rows.add(row("release to re-acquired (acquire with wait_s, 40 cycles)", "p50 " + fmt(reacquire) + " ms"));
        rows.add(row("tabs reset alone, same browser kind, same run (40 resets)", "p50 " + fmt(reset) + " ms"));
        rows.add(row("release-to-reacquired / reset alone", String.format(Locale.ROOT, "%.2fx", reacquire / reset)));

        List<Double> lateMs = reclaimLateness(port, 30);
        Collections.sort(lateMs);
        rows.add(row("expired lease reclaimed after expires_at (30 leases, TTL 1 s, seen via /hold)",
            "p50 " + fmt(median(lateMs)) + " ms, p99 " + fmt(lateMs.get((int) Math.ceil(lateMs.size() * 0.99) - 1)) + " ms"));
      } finally {
        daemon.destroy();
        daemon.waitFor();
      }
      System.out.println("| measure | result |");
      System.out.println("|---|---|");
      rows.forEach(System.out::println);
    }
  }

  /** A fresh daemon's figures, all taken within 60 s of its start; the daemon is stopped after. */
  static RouteFigures firstMinute(Map<String, String> env, int port, String escarp) throws Exception {
    Process daemon = startDaemon(env, escarp);
    try {
      long started = System.nanoTime();
      awaitServing(port);
      RouteFigures figures = RouteFigures.measure(port);
      if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(60)) {
        throw new IllegalStateException("the first-minute figures took more than a minute");
      }
      return figures;
    } finally {
      daemon.destroy();
      daemon.waitFor();
      Thread.sleep(1000);
    }
  }

  /** Expiry lateness: /hold answers when the lease ends; compare with the lease's expires_at. */
  private static List<Double> reclaimLateness(int port, int count) throws Exception {
    List<Double> late = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (KeepAliveClient c = new KeepAliveClient(port); KeepAliveClient hold = new KeepAliveClient(port)) {
        var lease = c.post("/acquire", "{\"holder\": \"expiring\", \"wait_s\": 10}").body();
        double expiresAt = lease.get("expires_at").asDouble();
        hold.post("/hold", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
        late.add(System.currentTimeMillis() - expiresAt * 1000);
      }
    }
    return late;
  }

  static Thread keepAlive(int port, String token) {
    Thread t = new Thread(() -> {
      try (KeepAliveClient c = new KeepAliveClient(port)) {
        while (!Thread.currentThread().isInterrupted()) {
          c.post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
          Thread.sleep(200);
        }
      } catch (InterruptedException ignored) {
        // done
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    t.start();
    return t;
  }

  /** Starts the daemon, waits until it serves, stops it (SIGTERM); the time it took to serve. */
  private static double startToServing(Map<String, String> env, int port) throws Exception {
    long started = System.nanoTime();
    Process daemon = startDaemon(env);
    awaitServing(port);
    double ms = (System.nanoTime() - started) / 1e6;
    daemon.destroy();
    if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the daemon did not stop on SIGTERM");
    }
    return ms;
  }

  /**
   * The daemon as people start it: {@code bin/escarp daemon} from the distribution when load.sh
   * names it ({@code -Dbench.escarp}), with its JVM flags and class-data archive; else plain
   * {@code java} on this class path.
   */
  private static Process startDaemon(Map<String, String> env) throws IOException {
    return startDaemon(env, System.getProperty("bench.escarp", ""));
  }

  /** As {@link #startDaemon(Map)}, with this distribution's {@code bin/escarp} (or the class path when empty). */
  static Process startDaemon(Map<String, String> env, String escarp) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = escarp.isEmpty()
        ? new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DaemonMain.class.getName())
        : new ProcessBuilder(escarp, "daemon");
    builder.environment().clear();
    builder.environment().putAll(new HashMap<>(env));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
    return builder.start();
  }

  /** Polls /healthz every 5 ms; a plain socket, so the benchmark's own first request is cheap. */
  static void awaitServing(int port) throws InterruptedException {
    URI base = URI.create("http://127.0.0.1:" + port);
    while (true) {
      try {
        if (PlainHttp.exchange(base, "GET", "/healthz", Optional.empty(), Optional.empty(), Duration.ofSeconds(1),
            Duration.ofSeconds(1)).status() == 200) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(5);
      }
    }
  }

  private static String rssMiB(long pid) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(Path.of("/proc/" + pid + "/status"))))) {
      String kb = r.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow().replaceAll("[^0-9]", "");
      return fmt(Long.parseLong(kb) / 1024.0);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String row(String measure, String result) {
    return "| " + measure + " | " + result + " |";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
