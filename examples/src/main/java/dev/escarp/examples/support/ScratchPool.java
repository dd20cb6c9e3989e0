package dev.escarp.examples.support;

import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.files.LoadedPoolConfig;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A pool for a demo, a benchmark or a test: by default a new temporary ESCARP_HOME on free ports,
 * whose browsers are stopped (by pid) and whose directory is deleted on {@link #close()}. When the
 * user names an ESCARP_HOME, that pool is used instead and left as it was found: its browsers
 * stay running.
 */
public final class ScratchPool implements AutoCloseable {

  private final EscarpHome home;
  private final PoolConfig config;
  private final Map<String, String> env;
  private final boolean temporary;
  private final int size;
  private final SlotBrowsers browsers;

  private ScratchPool(EscarpHome home, PoolConfig config, Map<String, String> env, boolean temporary, int size) {
    this.home = home;
    this.config = config;
    this.env = env;
    this.temporary = temporary;
    this.size = size;
    this.browsers = new SlotBrowsers(home, config.cftBinary());
  }

  /** A new pool of {@code size} slots in a temporary ESCARP_HOME, on free ports; nothing launched yet. */
  public static ScratchPool temporary(int size) {
    try {
      EscarpHome home = new EscarpHome(Files.createTempDirectory("escarp-scratch-"));
      PoolConfig config = PoolConfig.defaults().withPoolSize(size).withCdpBase(LoopbackPorts.freeRange(size));
      new PoolConfigStore(home).save(config);
      // No ESCARP_* overrides from this process's environment: the temporary pool.json is the truth.
      return new ScratchPool(home, config, Map.of(), true, size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary ESCARP_HOME", e);
    }
  }

  /**
   * The pool in the {@code ESCARP_HOME} this environment names (its first {@code size} slots), or
   * else a {@link #temporary} one.
   */
  public static ScratchPool fromEnvironment(int size, Map<String, String> env) {
    String named = env.get("ESCARP_HOME");
    if (named == null || named.isBlank()) {
      return temporary(size);
    }
    EscarpHome home = new EscarpHome(Path.of(named));
    LoadedPoolConfig loaded = new PoolConfigStore(home).load(env);
    if (loaded.config().poolSize() < size) {
      throw new IllegalStateException("this needs " + size + " slots, but the pool at " + home.root() + " has "
          + loaded.config().poolSize() + "; unset ESCARP_HOME to use a temporary pool");
    }
    return new ScratchPool(home, loaded.config(), Map.copyOf(env), false, size);
  }

  public EscarpHome home() {
    return home;
  }

  public boolean isTemporary() {
    return temporary;
  }

  /** The slots this pool is used for (the first {@code size} of the pool). */
  public List<Slot> slots() {
    return SlotLayout.of(home, config).slots(size);
  }

  public SlotBrowsers browsers() {
    return browsers;
  }

  /** Launches whatever of {@link #slots()} is not running yet, all at once. */
  public List<BrowserVersion> launch() {
    return browsers.ensureRunning(slots());
  }

  /** A builder for escarp-core's pool facade over this pool (home and environment set). */
  public EscarpPool.Builder poolBuilder() {
    return EscarpPool.builder().home(home.root()).environment(env).poolSize(temporary ? size : config.poolSize());
  }

  /** The environment a child process needs to use this pool. */
  public Map<String, String> childEnvironment() {
    return Map.of("ESCARP_HOME", home.root().toString(),
        "ESCARP_POOL_SIZE", Integer.toString(temporary ? size : config.poolSize()),
        "ESCARP_CDP_BASE", Integer.toString(config.cdpBase()));
  }

  /** A temporary pool: stops its browsers by pid and deletes its home. A named one: nothing. */
  @Override
  public void close() {
    if (!temporary) {
      return;
    }
    browsers.stopAll();
    try (Stream<Path> paths = Files.walk(home.root())) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing for
    }
  }

  @Override
  public String toString() {
    return (temporary ? "temporary pool " : "pool ") + home.root() + " (" + size + " slots from cdp port " + config.cdpBase() + ")";
  }
}
