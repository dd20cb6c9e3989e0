package dev.escarp.mcp.backend;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.LaunchResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Without a daemon, the shim heals the browsers it holds itself: once a second it asks each held
 * slot's browser for {@code /json/version}, and relaunches one that does not answer on its slot
 * (same port, same profile, detached). The shim holds the slot's flock, so nobody else starts a
 * browser there meanwhile. A relaunch that fails is retried after 2, 4, 8... s (at most 60).
 */
final class EmbeddedHealer implements AutoCloseable {

  private static final int MAX_SKIP = 60;

  private final Supplier<Collection<EmbeddedLease>> held;
  private final VersionProbe probe;
  private final BrowserLauncher launcher;
  private final Consumer<String> log;
  private final Map<EmbeddedLease, int[]> backoff = new HashMap<>(); // {ticks to skip, next skip}
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "escarp-mcp-heal");
    t.setDaemon(true);
    return t;
  });

  EmbeddedHealer(Supplier<Collection<EmbeddedLease>> held, VersionProbe probe, BrowserLauncher launcher,
      Consumer<String> log) {
    this.held = held;
    this.probe = probe;
    this.launcher = launcher;
    this.log = log;
    watcher.scheduleWithFixedDelay(this::look, 1, 1, TimeUnit.SECONDS);
  }

  private void look() {
    try {
      backoff.keySet().retainAll(held.get());
      for (EmbeddedLease lease : held.get()) {
        int[] skip = backoff.get(lease);
        if (skip != null && skip[0]-- > 0) {
          continue;
        }
        if (probe.probe(lease.slotRecord().cdpPort()) instanceof ProbeResult.Found || lease.isReleased()) {
          continue;
        }
        LaunchResult result = launcher.launch(lease.slotRecord());
        if (result instanceof LaunchResult.Launched launched) {
          backoff.remove(lease);
          lease.browserRestarted(launched.version().webSocketDebuggerUrl().toString(), launched.pid());
          log.accept("the browser on slot " + lease.slot() + " died and was relaunched (pid " + launched.pid()
              + "); its tabs and CDP connections are gone");
        } else if (result instanceof LaunchResult.Failed failed) {
          int next = skip == null ? 2 : Math.min(skip[1] * 2, MAX_SKIP);
          backoff.put(lease, new int[] {next, next});
          log.accept("the browser on slot " + lease.slot() + " is gone and could not be relaunched ("
              + failed.reason() + "); trying again in " + next + " s");
        }
      }
    } catch (RuntimeException e) {
      log.accept("browser watch failed: " + e);
    }
  }

  @Override
  public void close() {
    watcher.shutdownNow();
  }
}
