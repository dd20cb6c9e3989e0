package dev.escarp.broker.testing;

import dev.escarp.broker.daemon.Daemon;
import dev.escarp.broker.daemon.DaemonConfig;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real daemon over real browsers for one test class: its own ESCARP_HOME and free ports (never
 * ~/.escarp, 7878 or 9222). {@link #close} stops the daemon and ends every browser by pid.
 */
public final class TestDaemon implements AutoCloseable {

  private final TestPool pool;
  private final Map<String, String> env;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private Daemon daemon;
  private ApiClient client;

  private TestDaemon(TestPool pool, Map<String, String> env) {
    this.pool = pool;
    this.env = env;
  }

  /** Launches {@code size} browsers and returns an unstarted daemon over them. */
  public static TestDaemon create(Path home, int size, Map<String, String> extraEnv) {
    TestDaemon daemon = createWithoutBrowsers(home, size, extraEnv);
    daemon.pool.launchAll();
    return daemon;
  }

  /** An unstarted daemon over a pool of {@code size} slots whose browsers were never launched. */
  public static TestDaemon createWithoutBrowsers(Path home, int size, Map<String, String> extraEnv) {
    TestPool pool = TestPool.create(home, size);
    new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(size)
        .withCdpBase(pool.layout().cdpBase()));
    return new TestDaemon(pool, environment(pool, extraEnv));
  }

  /** The environment a daemon over this pool runs with: its home, a free API port, fast sweeps. */
  public static Map<String, String> environment(TestPool pool, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(pool.host().env());
    env.put("ESCARP_HOME", pool.home().root().toString());
    env.put("ESCARP_API_PORT", Integer.toString(LoopbackPorts.freePort()));
    env.remove("ESCARP_POOL_SIZE");
    env.remove("ESCARP_CDP_BASE");
    env.remove("ESCARP_API_TOKEN");
    // The warm-up before serving (WarmUpTest covers it) would add its budget to each of the
    // suite's daemon starts; "" in extraEnv restores the default, as the benchmarks do.
    env.put("ESCARP_WARMUP_MS", "0");
    env.putAll(extraEnv);
    return env;
  }

  public TestDaemon start() throws Exception {
    daemon = new Daemon(DaemonConfig.fromEnvironment(env), env,
        new PrintStream(output, true, StandardCharsets.UTF_8));
    client = new ApiClient(daemon.start());
    return this;
  }

  /** Stops the daemon only (browsers keep running), as SIGTERM would. */
  public void stopDaemon() {
    if (daemon != null) {
      daemon.close();
    }
  }

  public ApiClient api() {
    return client;
  }

  public Daemon daemon() {
    return daemon;
  }

  public TestPool pool() {
    return pool;
  }

  public Map<String, String> env() {
    return env;
  }

  public String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    stopDaemon();
    pool.close();
  }
}
