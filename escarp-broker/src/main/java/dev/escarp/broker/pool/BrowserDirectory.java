package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.RemoteProbe;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.core.slot.Slot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import dev.escarp.broker.metrics.BackendMetrics;

/**
 * What the daemon knows of each slot's browser: its DevTools WebSocket URL (from
 * {@code /json/version}) and its main process. The daemon discovers browsers; it never owns them.
 * Thread-safe; reads never block.
 */
public final class BrowserDirectory {

  private static final Duration DISCOVERY_POLL = Duration.ofMillis(100);

  private final VersionProbe probe;
  private final Backend local;
  private final Backend remote;
  private final BrowserProcesses processes;
  private final Map<Integer, String> webSocketUrls = new ConcurrentHashMap<>();
  private final Map<Integer, BrowserVersion> versions = new ConcurrentHashMap<>();
  private final Map<Integer, Long> pids = new ConcurrentHashMap<>();
  private final Map<Integer, LeaseNews> news = new ConcurrentHashMap<>();
  private final Optional<LeaseNewsFile> newsFile;
  private final Map<String, LongAdder> probes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> probeFailures = new ConcurrentHashMap<>();

  /**
   * What happened to a slot's browser under one lease (the lease is known by its
   * {@code acquiredAt}): its record's {@code problem} and {@code browser_restarts}.
   */
  public record LeaseNews(Instant leaseAcquiredAt, String problem, int restarts) {}

  public BrowserDirectory(VersionProbe probe, BrowserProcesses processes) {
    this(probe, processes, RemoteProbe.create(probe.timeout()));
  }

  /** @param remotes asks the {@code remote} backend's browsers */
  public BrowserDirectory(VersionProbe probe, BrowserProcesses processes, RemoteProbe remotes) {
    this(probe, processes, remotes, Optional.empty());
  }

  /**
   * @param newsFile where lease news is kept across daemon restarts (read here, at construction;
   *     written when the news changes)
   */
  public BrowserDirectory(VersionProbe probe, BrowserProcesses processes, RemoteProbe remotes, Optional<Path> newsFile) {
    this.probe = probe;
    this.local = new LocalBackend(probe);
    this.remote = new RemoteBackend(remotes);
    this.processes = processes;
    this.newsFile = newsFile.map(LeaseNewsFile::new);
    this.newsFile.ifPresent(f -> news.putAll(f.load()));
  }

  /** The backend the slot's browser belongs to. */
  public Backend backend(Slot slot) {
    return slot.isLocal() ? local : remote;
  }

  /** Asks the slot's browser, through its backend, and remembers the answer. Blocks (bounded). */
  public ProbeResult probe(Slot slot) {
    Backend backend = backend(slot);
    ProbeResult result = backend.probe(slot);
    probes.computeIfAbsent(backend.name(), k -> new LongAdder()).increment();
    if (result instanceof ProbeResult.NothingThere) {
      probeFailures.computeIfAbsent(backend.name(), k -> new LongAdder()).increment();
    }
    record(slot.index(), result);
    return result;
  }

  /** Probes through {@link #probe(Slot)} so far, by backend. */
  public Map<String, BackendMetrics.ProbeCounts> probeCounts() {
    Map<String, BackendMetrics.ProbeCounts> counts = new java.util.TreeMap<>();
    probes.forEach((backend, n) -> counts.put(backend, new BackendMetrics.ProbeCounts(n.sum(),
        Optional.ofNullable(probeFailures.get(backend)).map(LongAdder::sum).orElse(0L))));
    return counts;
  }

  /** Probes the slot's port, retrying for up to {@code wait}; remembers what it found. Blocks. */
  public ProbeResult discover(Slot slot, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      ProbeResult result = probe(slot);
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
      versions.put(slot, found.browser());
    } else {
      webSocketUrls.remove(slot);
      versions.remove(slot);
    }
  }

  public void forget(int slot) {
    webSocketUrls.remove(slot);
    versions.remove(slot);
    pids.remove(slot);
    news.remove(slot);
  }

  /** Records what happened to the slot's browser under the lease it carries. */
  public void leaseNews(int slot, LeaseNews what) {
    news.put(slot, what);
    newsFile.ifPresent(f -> {
      synchronized (f) {
        f.save(Map.copyOf(news));
      }
    });
  }

  /** What happened to the slot's browser under the lease acquired at {@code acquiredAt}, if anything. */
  public Optional<LeaseNews> leaseNews(int slot, Optional<Instant> acquiredAt) {
    LeaseNews what = news.get(slot);
    // to the millisecond: the journal keeps acquired_at in milliseconds, so a restored lease matches
    return what != null && acquiredAt.isPresent()
        && what.leaseAcquiredAt().toEpochMilli() == acquiredAt.get().toEpochMilli()
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
    if (!slot.isLocal()) {
      return; // a remote browser's process is not on this host, or not escarp's to know
    }
    processes.scan().stream()
        .filter(b -> b.profileDir().equals(slot.profileDir()))
        .mapToLong(EscarpBrowser::pid)
        .min()
        .ifPresentOrElse(pid -> pids.put(slot.index(), pid), () -> pids.remove(slot.index()));
  }

  /** What the slot's browser last said of itself. */
  public Optional<BrowserVersion> version(int slot) {
    return Optional.ofNullable(versions.get(slot));
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
