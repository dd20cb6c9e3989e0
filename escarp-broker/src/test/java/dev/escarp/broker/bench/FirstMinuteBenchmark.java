package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Only the first-minute and warm figures ({@link RouteFigures}), for two or more daemon builds
 * side by side: each round runs every build in turn over the same 4 browsers, so a busy minute on
 * a shared machine hits them alike. {@code -Dbench.builds=<bin/escarp>,<bin/escarp>},
 * {@code -Dbench.rounds=3}. Run by {@code escarp-broker/bench/first-minute.sh}; prints a table.
 */
public final class FirstMinuteBenchmark {

  public static void main(String[] args) throws Exception {
    List<String> builds = List.of(System.getProperty("bench.builds").split(","));
    int rounds = Integer.getInteger("bench.rounds", 3);
    Path home = Files.createTempDirectory("escarp-first-minute-");
    try (TestPool pool = TestPool.create(home, 4)) {
      pool.launchAll();
      new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(4).withCdpBase(pool.layout().cdpBase()));
      Map<String, String> env = TestDaemon.environment(pool, Map.of("ESCARP_LEASE_TTL_S", "1",
          "ESCARP_WARMUP_MS", "")); // each build as it starts by default: with its warm-up, if it has one
      int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
      Thread.sleep(5000); // pacing, not a wait: freshly launched browsers use the CPU for a few seconds
      System.out.println("| round | build | acquire, first minute | acquire, warm | heartbeats/s, first minute / warm"
          + " | status p50, first minute / warm | load average |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int r = 1; r <= rounds; r++) {
        for (String build : builds) {
          RouteFigures cold = BrokerLoadBenchmark.firstMinute(env, port, build);
          RouteFigures warm = warm(env, port, build);
          System.out.println("| " + r + " | " + build + " | " + cold.acquire() + " | " + warm.acquire() + " | "
              + cold.heartbeats().requestsPerSecond() + " / " + warm.heartbeats().requestsPerSecond() + " | "
              + cold.status().p50() + " / " + warm.status().p50() + " | "
              + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " |");
        }
      }
    }
  }

  /** The figures after the load benchmark's warm-up: one unrecorded run of each route. */
  private static RouteFigures warm(Map<String, String> env, int port, String build) throws Exception {
    Process daemon = BrokerLoadBenchmark.startDaemon(env, build);
    try {
      BrokerLoadBenchmark.awaitServing(port);
      RouteFigures.measure(port);
      return RouteFigures.measure(port);
    } finally {
      daemon.destroy();
      daemon.waitFor();
      // The next build binds the same port: wait until nothing answers there.
      await("port " + port + " released").atMost(Duration.ofSeconds(30)).until(() -> !answers(port));
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
