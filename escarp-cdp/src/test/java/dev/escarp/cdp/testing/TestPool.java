package dev.escarp.cdp.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pool of real browsers for one test class: its own ESCARP_HOME (a @TempDir) and free ports.
 * {@link #close()} ends every process it knows of by pid: those found by each slot's profile-dir
 * signature and those it launched.
 */
public final class TestPool implements AutoCloseable {

  private final EscarpHome home;
  private final SlotLayout layout;
  private final int size;
  private final Host host;
  private final VersionProbe probe = VersionProbe.create(Duration.ofMillis(500));
  private final BrowserProcesses processes;
  private final Set<Long> launchedPids = ConcurrentHashMap.newKeySet();

  private TestPool(Path homeDir, int size, Host host) {
    this.home = new EscarpHome(homeDir);
    this.layout = new SlotLayout(home, LoopbackPorts.freeRange(size), PoolConfig.DEFAULT_TIER);
    this.size = size;
    this.host = host;
    this.processes = new BrowserProcesses(home, host);
  }

  public static TestPool create(Path homeDir, int size) {
    return new TestPool(homeDir, size, testHost());
  }

  /** This host, minus any ESCARP_HOME of the developer's shell: tests never touch ~/.escarp. */
  public static Host testHost() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("ESCARP_HOME");
    return Host.current().withEnv(env);
  }

  public EscarpHome home() {
    return home;
  }

  public SlotLayout layout() {
    return layout;
  }

  public Slot slot(int index) {
    return layout.slot(index);
  }

  public List<Slot> slots() {
    return layout.slots(size);
  }

  public Host host() {
    return host;
  }

  public VersionProbe probe() {
    return probe;
  }

  public BrowserProcesses processes() {
    return processes;
  }

  public BrowserLauncher launcher() {
    return new BrowserLauncher(
        new BinaryLocator(host, home, Optional.empty()), probe, processes, host, LaunchOptions.defaults());
  }

  /** Launches every slot; a slot that does not come up fails the test (a missing browser never skips). */
  public List<LaunchResult.Launched> launchAll() {
    List<LaunchResult> results = launcher().launchAll(slots());
    return results.stream().map(this::requireLaunched).toList();
  }

  public LaunchResult.Launched requireLaunched(LaunchResult result) {
    if (result instanceof LaunchResult.Launched launched) {
      launchedPids.add(launched.pid());
      return launched;
    }
    return fail("browser for slot " + result.slot() + " did not launch: " + result);
  }

  /** Remembers a pid to end in {@link #close()}. */
  public void track(long pid) {
    launchedPids.add(pid);
  }

  @Override
  public void close() {
    SlotStopper stopper = new SlotStopper(processes, Duration.ofSeconds(3));
    for (Slot slot : slots()) {
      stopper.stop(slot, true);
    }
    for (long pid : launchedPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
