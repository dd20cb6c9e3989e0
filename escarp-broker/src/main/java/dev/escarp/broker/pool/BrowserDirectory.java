package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.core.slot.Slot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the daemon knows of each slot's browser: its DevTools WebSocket URL (from
 * {@code /json/version}) and its main process. The daemon discovers browsers; it never owns them.
 * Thread-safe; reads never block.
 */
public final class BrowserDirectory {

  private static final Duration DISCOVERY_POLL = Duration.ofMillis(100);

  private final VersionProbe probe;
  private final BrowserProcesses processes;
  private final Map<Integer, String> webSocketUrls = new ConcurrentHashMap<>();
  private final Map<Integer, Long> pids = new ConcurrentHashMap<>();
  private final Map<Integer, LeaseNews> news = new ConcurrentHashMap<>();

  /**
   * What happened to a slot's browser under one lease (the lease is known by its
   * {@code acquiredAt}): its record's {@code problem} and {@code browser_restarts}.
   */
  public record LeaseNews(Instant leaseAcquiredAt, String problem, int restarts) {}

  public BrowserDirectory(VersionProbe probe, BrowserProcesses processes) {
    this.probe = probe;
    this.processes = processes;
  }

  /** Probes the slot's port, retrying for up to {@code wait}; remembers what it found. Blocks. */
  public ProbeResult discover(Slot slot, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      ProbeResult result = probe.probe(slot.cdpPort());
      record(slot.index(), result);
      if (result instanceof ProbeResult.Found || System.nanoTime() >= deadline) {
        return result;
      }
      Thread.sleep(DISCOVERY_POLL.toMillis());
    }
  }

  /** Remembers a probe's answer (a browser that restarted has a new WebSocket URL). */
  public void record(int slot, ProbeResult result) {
    if (result instanceof ProbeResult.Found found) {
      webSocketUrls.put(slot, found.browser().webSocketDebuggerUrl().toString());
    } else {
      webSocketUrls.remove(slot);
    }
  }

  public void forget(int slot) {
    webSocketUrls.remove(slot);
    pids.remove(slot);
    news.remove(slot);
  }

  /** Records what happened to the slot's browser under the lease it carries. */
  public void leaseNews(int slot, LeaseNews what) {
    news.put(slot, what);
  }

  /** What happened to the slot's browser under the lease acquired at {@code acquiredAt}, if anything. */
  public Optional<LeaseNews> leaseNews(int slot, Optional<Instant> acquiredAt) {
    LeaseNews what = news.get(slot);
    return what != null && acquiredAt.isPresent() && what.leaseAcquiredAt().equals(acquiredAt.get())
        ? Optional.of(what) : Optional.empty();
  }

  /** Scans the process table for escarp's browsers; returns the ones that belong to no slot listed. */
  public List<EscarpBrowser> refreshProcesses(List<Slot> slots, String tier) {
    List<EscarpBrowser> browsers = processes.scan();
    pids.clear();
    for (EscarpBrowser b : browsers) {
      if (b.tier().equals(tier)) {
        pids.merge(b.slot(), b.pid(), Math::min);
      }
    }
    return browsers.stream()
        .filter(b -> !b.tier().equals(tier) || slots.stream().noneMatch(s -> s.index() == b.slot()))
        .toList();
  }

  /** Finds one slot's main browser process again (after it was added to the pool, say). */
  public void refreshProcess(Slot slot) {
    processes.scan().stream()
        .filter(b -> b.profileDir().equals(slot.profileDir()))
        .mapToLong(EscarpBrowser::pid)
        .min()
        .ifPresentOrElse(pid -> pids.put(slot.index(), pid), () -> pids.remove(slot.index()));
  }

  public Optional<String> webSocketUrl(int slot) {
    return Optional.ofNullable(webSocketUrls.get(slot));
  }

  /** The slot's main browser process, or -1 when unknown. */
  public long browserPid(int slot) {
    return pids.getOrDefault(slot, -1L);
  }

  public VersionProbe probe() {
    return probe;
  }
}
