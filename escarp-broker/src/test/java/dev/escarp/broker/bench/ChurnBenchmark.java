package dev.escarp.broker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lease churn (issue 19): clients x slots x seconds, each client looping {@code acquire(wait_s) ->
 * one heartbeat -> release} against a real daemon (its own process) over real headless Chromium.
 * Reports hand-overs per second, acquire latency p50/p90/p99, refusals (any acquire that was not
 * 200), and CPU per hand-over for the daemon and for the browsers (every Chromium process of the
 * pool, children included, from /proc/<pid>/stat). Each cell runs every reset strategy named in
 * {@code bench.strategies} in turn, side by side in one run, and, with {@code bench.base} (the class
 * path of another build, e.g. main's), each strategy on that build's daemon right before this one's.
 * With {@code bench.drive}, each holder also drives its browser once per lease, as agents and tests
 * do: it connects to its {@code cdp_ws_url}, attaches to the page and evaluates in it. Run with
 * escarp-broker/bench/churn.sh.
 */
public final class ChurnBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TICKS_PER_S = 100; // USER_HZ on Linux

  record Cell(int clients, int slots) {}

  record Figures(String strategy, Cell cell, double seconds, int handOvers, int refusals, List<Double> acquireMs,
      double daemonCpuS, double browserCpuS, double clientCpuS, String load) {

    double perSecond() {
      return handOvers / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> strategies = List.of(System.getProperty("bench.strategies", "full,reuse").split(","));
    List<Cell> cells = new ArrayList<>();
    for (String c : System.getProperty("bench.cells", "1x4,4x4,8x4,8x8,16x16").split(",")) {
      String[] parts = c.trim().split("x");
      cells.add(new Cell(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    }
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
    int rounds = Integer.getInteger("bench.rounds", 1);
    String base = System.getProperty("bench.base", "");
    boolean drive = Boolean.getBoolean("bench.drive");
    int maxSlots = cells.stream().mapToInt(Cell::slots).max().orElseThrow();
    Path home = Files.createTempDirectory("escarp-churn-bench-");
    List<Figures> all = new ArrayList<>();
    try (TestPool pool = TestPool.create(home, maxSlots)) {
      List<Long> browserPids = pool.launchAll().stream().map(l -> l.pid()).toList();
      for (int round = 1; round <= rounds; round++) {
        for (Cell cell : cells) {
          for (String strategy : strategies) {
            new PoolConfigStore(pool.home())
                .save(PoolConfig.defaults().withPoolSize(cell.slots()).withCdpBase(pool.layout().cdpBase()));
            Map<String, String> env = new HashMap<>(TestDaemon.environment(pool,
                Map.of("ESCARP_RESET_STRATEGY", strategy.trim(), "ESCARP_LEASE_TTL_S", "30")));
            System.getProperty("bench.policy", "").transform(p -> p.isEmpty() ? null : env.put("ESCARP_RESET_POLICY", p));
            System.getProperty("bench.evidence", "").transform(k -> k.isEmpty() ? null : env.put("ESCARP_EVIDENCE_KEEP", k));
            // e.g. -XX:StartFlightRecording=filename=/tmp/churn.jfr to profile the daemon
            System.getProperty("bench.daemonJavaOptions", "").transform(o -> o.isEmpty() ? null : env.put("JAVA_TOOL_OPTIONS", o));
            for (String build : base.isEmpty() ? List.of("") : List.of(base, "")) {
              String label = strategy.trim() + (base.isEmpty() ? "" : build.isEmpty() ? " (this)" : " (base)")
                  + (drive ? ", driven" : "");
              Figures f = runCell(env, build, label, cell, seconds, browserPids.subList(0, cell.slots()), drive);
              all.add(f);
              System.out.println(row(f));
            }
          }
        }
      }
    }
    System.out.println();
    System.out.println(header());
    all.forEach(f -> System.out.println(row(f)));
  }

  private static Figures runCell(Map<String, String> env, String classPath, String strategy, Cell cell,
      double seconds, List<Long> browserPids, boolean drive) throws Exception {
    int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
    Process daemon = classPath.isEmpty() ? BrokerLoadBenchmark.startDaemon(env, "") : startDaemon(env, classPath);
    try {
      BrokerLoadBenchmark.awaitServing(port);
      URI base = URI.create("http://127.0.0.1:" + port);
      churn(base, cell.clients(), 5.0, strategy, drive); // warm-up, unrecorded
      String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      long daemon0 = cpuTicks(daemon.pid(), false);
      long client0 = cpuTicks(ProcessHandle.current().pid(), false);
      long browsers0 = browserPids.stream().mapToLong(ChurnBenchmark::treeTicks).sum();
      Result r = churn(base, cell.clients(), seconds, strategy, drive);
      long daemon1 = cpuTicks(daemon.pid(), false);
      long client1 = cpuTicks(ProcessHandle.current().pid(), false);
      long browsers1 = browserPids.stream().mapToLong(ChurnBenchmark::treeTicks).sum();
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      metrics.body().lines().filter(l -> l.startsWith("escarp_reset_paths_total")).forEach(l -> System.out.println("  " + l));
      return new Figures(strategy, cell, r.seconds, r.handOvers.get(), r.refusals.get(), r.acquireMs,
          (daemon1 - daemon0) / (double) TICKS_PER_S, (browsers1 - browsers0) / (double) TICKS_PER_S,
          (client1 - client0) / (double) TICKS_PER_S, load);
    } finally {
      daemon.destroy();
      daemon.waitFor(20, TimeUnit.SECONDS);
      if (daemon.isAlive()) {
        daemon.destroyForcibly();
      }
    }
  }

  private record Result(double seconds, AtomicInteger handOvers, AtomicInteger refusals, List<Double> acquireMs) {}

  /** The daemon of another build (its class path), for a before/after in one run. */
  private static Process startDaemon(Map<String, String> env, String classPath) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, "dev.escarp.broker.daemon.DaemonMain");
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
    return builder.start();
  }

  /** What a holder does with its browser, once: connect, attach to the page, evaluate, leave. */
  private static void drive(String cdpWsUrl) throws Exception {
    try (CdpSocket cdp = CdpSocket.open(cdpWsUrl)) {
      String page = null;
      for (JsonNode t : cdp.send("Target.getTargets").path("targetInfos")) {
        if (t.path("type").asText().equals("page")) {
          page = t.path("targetId").asText();
        }
      }
      String session = cdp.send("Target.attachToTarget", CdpSocket.params().put("targetId", page).put("flatten", true))
          .path("sessionId").asText();
      cdp.sendAsync("Runtime.evaluate", CdpSocket.params().put("expression", "document.title = 'driven'; 1"), session)
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Result churn(URI base, int clients, double seconds, String tag, boolean drive)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger handOvers = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    List<Double> acquireMs = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String holder = "churn-" + tag.replaceAll("[^a-z]", "") + "-" + c;
      Thread t = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            HttpResponse<String> got = post(http, base, "/acquire", "{\"holder\":\"" + holder + "\",\"wait_s\":20}");
            double ms = (System.nanoTime() - t0) / 1e6;
            if (got.statusCode() != 200) {
              refusals.incrementAndGet();
              continue;
            }
            acquireMs.add(ms);
            JsonNode lease = JSON.readTree(got.body());
            String token = lease.path("lease_token").asText();
            if (drive) {
              drive(lease.path("cdp_ws_url").asText());
            }
            String body = "{\"lease_token\":\"" + token + "\"}";
            check(post(http, base, "/heartbeat", body));
            check(post(http, base, "/release", body));
            if (!stop.get()) {
              handOvers.incrementAndGet();
            }
          }
        } catch (Exception e) {
          System.err.println(holder + ": " + e);
        } finally {
          done.countDown();
        }
      }, "churn-client-" + c);
      threads.add(t);
    }
    long t0 = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep((long) (seconds * 1000));
    stop.set(true);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    done.await(60, TimeUnit.SECONDS);
    return new Result(elapsed, handOvers, refusals, new ArrayList<>(acquireMs));
  }

  private static HttpResponse<String> post(HttpClient http, URI base, String path, String json)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void check(HttpResponse<String> reply) {
    if (reply.statusCode() != 200) {
      throw new IllegalStateException(reply.uri().getPath() + " answered " + reply.statusCode() + " " + reply.body());
    }
  }

  /**
   * CPU of a browser and everything under it: each live process's own time plus the time of its
   * children that ended and were reaped (cutime/cstime), so renderers that came and went count.
   */
  private static long treeTicks(long pid) {
    long sum = cpuTicks(pid, true);
    for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      sum += cpuTicks(child.pid(), true);
    }
    return sum;
  }

  private static long cpuTicks(long pid, boolean withReapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "(comm) ": f[0] is state (field 3); utime is field 14, stime 15, cutime 16, cstime 17
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return withReapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
    } catch (IOException | RuntimeException e) {
      return 0; // gone meanwhile
    }
  }

  static String header() {
    return "| reset | clients x slots | hand-overs/s | acquire p50 / p90 / p99 ms | refusals | "
        + "CPU ms per hand-over: daemon / browsers / clients | load (1 min) |\n"
        + "|---|---|---|---|---|---|---|";
  }

  static String row(Figures f) {
    List<Double> sorted = new ArrayList<>(f.acquireMs());
    Collections.sort(sorted);
    int n = Math.max(1, f.handOvers());
    return String.format(Locale.ROOT, "| %s | %d x %d | %.1f | %s / %s / %s | %d | %.1f / %.1f / %.1f | %s |",
        f.strategy(), f.cell().clients(), f.cell().slots(), f.perSecond(), pct(sorted, 0.5), pct(sorted, 0.9),
        pct(sorted, 0.99), f.refusals(), f.daemonCpuS() * 1000 / n, f.browserCpuS() * 1000 / n,
        f.clientCpuS() * 1000 / n, f.load());
  }

  private static String pct(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return "-";
    }
    double v = sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    return v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
  }
}
