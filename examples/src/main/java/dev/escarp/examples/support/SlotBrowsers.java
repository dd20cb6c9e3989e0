package dev.escarp.examples.support;

import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browsers of one ESCARP_HOME: finds a slot's browser, launches the ones that are missing
 * (detached, so they outlive this JVM), and stops them all by pid when asked.
 *
 * <p>Launching is safe only for a slot this process holds (its flock), or in a pool nobody else
 * uses: two processes launching the same slot at once would race for its profile. Thread-safe.
 */
public final class SlotBrowsers {

  private final EscarpHome home;
  private final Host host;
  private final VersionProbe probe = VersionProbe.create(Duration.ofMillis(1000));
  private final BrowserProcesses processes;
  private final BrowserLauncher launcher;
  private final Set<Long> launched = ConcurrentHashMap.newKeySet();

  /**
   * @param configuredBinary pool.json's {@code cft_binary}; {@code ESCARP_CHROME} and Chromium on
   *     {@code PATH} are looked at as escarp always does
   */
  public SlotBrowsers(EscarpHome home, Optional<String> configuredBinary) {
    this.home = Objects.requireNonNull(home, "home");
    this.host = Host.current();
    this.processes = new BrowserProcesses(home, host);
    this.launcher = new BrowserLauncher(
        new BinaryLocator(host, home, configuredBinary), probe, processes, host, LaunchOptions.defaults());
  }

  public EscarpHome home() {
    return home;
  }

  /** The slot's browser, launched first if nothing answers on its port. */
  public BrowserVersion ensureRunning(Slot slot) {
    return ensureRunning(List.of(slot)).get(0);
  }

  /**
   * These slots' browsers; the missing ones are launched all at once (a pool of n costs about one
   * cold start). Fails, naming the slot and the reason, if any cannot be started.
   */
  public List<BrowserVersion> ensureRunning(List<Slot> slots) {
    List<BrowserVersion> versions = new ArrayList<>();
    for (LaunchResult result : launcher.launchAll(slots)) {
      if (result instanceof LaunchResult.Launched l) {
        launched.add(l.pid());
        versions.add(l.version());
      } else if (result instanceof LaunchResult.Skipped s) {
        versions.add(s.version());
      } else {
        throw new IllegalStateException("the browser of slot " + result.slot() + " (port " + result.cdpPort()
            + ") could not be started: " + ((LaunchResult.Failed) result).reason());
      }
    }
    return versions;
  }

  /** What answers on the slot's port now, if anything. */
  public Optional<BrowserVersion> find(Slot slot) {
    return probe.probe(slot.cdpPort()).version();
  }

  /** True when something answers on the slot's port. */
  public boolean isRunning(Slot slot) {
    return probe.probe(slot.cdpPort()) instanceof ProbeResult.Found;
  }

  /** The main pids of the browsers this object launched. */
  public Set<Long> launchedPids() {
    return Set.copyOf(launched);
  }

  /**
   * Stops every escarp browser of this home (found by its profile-dir signature, then ended by
   * pid: SIGTERM, then SIGKILL after a grace period), and any this object launched. Returns the
   * main pids that were running.
   */
  public List<Long> stopAll() {
    SlotStopper stopper = new SlotStopper(processes, Duration.ofSeconds(3));
    List<Long> stopped = new ArrayList<>();
    for (EscarpBrowser browser : processes.scan()) {
      stopped.add(browser.pid());
      // Only the profile dir matters to the stopper; the port in this Slot is a placeholder.
      Slot slot = new SlotLayout(home, 1, browser.tier()).slot(browser.slot());
      stopper.stop(slot, false);
    }
    for (long pid : launched) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    return stopped;
  }
}
