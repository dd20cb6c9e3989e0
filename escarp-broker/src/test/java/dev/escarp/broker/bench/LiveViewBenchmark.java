package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The console's live view (BENCHMARKS.md), side by side in one run: every slot leased and its
 * agent's page animating (800x600, a new paint every frame), first with the console closed (what
 * the live view costs when nobody watches), then with one viewer per slot reading frames as fast
 * as they come (frames per second delivered per slot and the daemon's CPU), then closed again. Rounds of
 * {@value #ROUND_S} s; medians. The daemon runs as its own process. Run with
 * escarp-broker/bench/live.sh.
 */
public final class LiveViewBenchmark {

  private static final int SLOTS = Integer.getInteger("bench.slots", 4);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int ROUND_S = 10;

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("escarp-live-bench-");
    try (TestPool pool = TestPool.create(home, SLOTS)) {
      pool.launchAll();
      new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(SLOTS).withCdpBase(pool.layout().cdpBase()));
      Map<String, String> env = TestDaemon.environment(pool, Map.of());
      int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
      Process daemon = BrokerLoadBenchmark.startDaemon(env, "");
      try {
        BrokerLoadBenchmark.awaitServing(port);
        ApiClient api = new ApiClient(port);
        List<JsonNode> leases = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
          JsonNode lease = api.post("/acquire", "{\"holder\": \"bench-agent-" + slot + "\", \"wait_s\": 30}").json();
          leases.add(lease);
          animate(lease);
        }
        System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        double[] idle = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          idle[r] = cpuPercent(daemon.pid(), ROUND_S);
        }
        List<Viewer> viewers = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
          viewers.add(Viewer.open(port, slot));
        }
        await("a frame in every live view").atMost(Duration.ofSeconds(30))
            .until(() -> viewers.stream().allMatch(v -> v.frames.get() > 0));
        double[] watched = new double[ROUNDS];
        double[][] fps = new double[SLOTS][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          long[] before = viewers.stream().mapToLong(v -> v.frames.get()).toArray();
          long t0 = System.nanoTime();
          watched[r] = cpuPercent(daemon.pid(), ROUND_S);
          double seconds = (System.nanoTime() - t0) / 1e9;
          for (int s = 0; s < SLOTS; s++) {
            fps[s][r] = (viewers.get(s).frames.get() - before[s]) / seconds;
          }
        }
        viewers.forEach(Viewer::close);
        // The closed-console rounds measure what is left once the daemon stopped every capture.
        await("every live capture stopped").atMost(Duration.ofSeconds(30))
            .until(() -> api.get("/metrics").body().contains("\nescarp_console_live_captures 0\n"));
        double[] after = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          after[r] = cpuPercent(daemon.pid(), ROUND_S);
        }
        System.out.println("load average at end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(Locale.ROOT, "| console closed, %d agents animating | daemon CPU %.2f%% of one core (median of %d x %d s) |%n",
            SLOTS, median(idle), ROUNDS, ROUND_S);
        System.out.printf(Locale.ROOT, "| console closed again, after watching | daemon CPU %.2f%% of one core (median of %d x %d s) |%n",
            median(after), ROUNDS, ROUND_S);
        double[] perSlot = new double[SLOTS];
        for (int s = 0; s < SLOTS; s++) {
          perSlot[s] = median(fps[s]);
        }
        System.out.printf(Locale.ROOT, "| %d slots watched at once | frames/s per slot (medians): %s | daemon CPU %.1f%% of one core,"
            + " %.1f%% per watched slot |%n", SLOTS, Arrays.toString(Arrays.stream(perSlot)
                .mapToObj(f -> String.format(Locale.ROOT, "%.1f", f)).toArray()), median(watched), median(watched) / SLOTS);
        for (JsonNode lease : leases) {
          api.post("/release", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
        }
      } finally {
        daemon.destroy();
        daemon.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The agent's page: animated, 800x600, in a window of its own (a background tab would not paint). */
  private static void animate(JsonNode lease) throws Exception {
    String browserUrl = lease.get("cdp_ws_url").asText();
    String id;
    try (CdpSocket browser = CdpSocket.open(browserUrl)) {
      id = browser.send("Target.createTarget", CdpSocket.params().put("url", FrameStream.ANIMATED).put("newWindow", true))
          .get("targetId").asText();
      JsonNode attached = browser.send("Target.attachToTarget", CdpSocket.params().put("targetId", id).put("flatten", true));
      browser.sendAsync("Emulation.setDeviceMetricsOverride", CdpSocket.params().put("width", 800).put("height", 600)
          .put("deviceScaleFactor", 1).put("mobile", false), attached.get("sessionId").asText()).get(10, TimeUnit.SECONDS);
    }
  }

  private static double cpuPercent(long pid, int seconds) throws Exception {
    long cpu0 = cpuTicks(pid);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L); // the measurement window
    double elapsed = (System.nanoTime() - t0) / 1e9;
    return 100 * (cpuTicks(pid) - cpu0) / 100.0 / elapsed;
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime, in clock ticks (100/s)
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A viewer as the console's page is one: a WebSocket on /console/live/<slot>, counting JPEG frames. */
  private static final class Viewer implements WebSocket.Listener {

    final AtomicLong frames = new AtomicLong();
    private WebSocket socket;

    static Viewer open(int port, int slot) throws Exception {
      Viewer viewer = new Viewer();
      viewer.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/console/live/" + slot), viewer).get(10, TimeUnit.SECONDS);
      return viewer;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      if (last) {
        frames.incrementAndGet();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (Boolean.getBoolean("bench.verbose")) {
        System.out.println("viewer got: " + data);
      }
      ws.request(1);
      return null;
    }

    void close() {
      socket.abort();
    }
  }
}
