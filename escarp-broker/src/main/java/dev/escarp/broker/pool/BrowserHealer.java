package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.Display;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.SlotSnapshot;
import dev.escarp.core.lease.SlotState;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The pool heals itself: a slot's browser that dies on its own is relaunched on its slot (same
 * port, same profile, detached as always). Deaths are noticed by watching each slot's main browser
 * process every {@link Policy#watchInterval} (a leased slot whose process is unknown is probed on
 * {@code /json/version} instead); the relaunch starts at once. A browser that keeps dying is
 * relaunched after 1 s, 2 s, 4 s...; after {@link Policy#maxFailures} deaths or failed launches
 * within {@link Policy#window} the slot is given up on and shows {@code unhealthy} with the reason,
 * until its browser answers again. A browser whose process runs but stopped answering for
 * {@link Policy#hangAfter} is ended and relaunched too. A relaunch runs the dead browser's own
 * command line when it was readable (its flags and executable come back), else escarp's launch.
 * A leased slot's record tells its holder ({@code problem:
 * "browser_restarted"}, {@code browser_restarts}).
 *
 * <p>Only browsers the daemon saw running are relaunched, and only on slots still in the pool:
 * {@code pool remove} and {@code scale} take a slot out before ending its browser. Relaunches run
 * on the healer's own threads, never on an event loop and never under the table's lock.
 */
public final class BrowserHealer implements AutoCloseable {

  /** Leased slot: the browser died and is being relaunched. */
  public static final String RESTARTING = "browser_restarting";
  /** Leased slot: the browser died and was relaunched (its pages and connections are gone). */
  public static final String RESTARTED = "browser_restarted";
  /** Leased slot: the browser keeps dying and is no longer relaunched. */
  public static final String GAVE_UP = "browser_unhealthy";

  private static final System.Logger LOG = System.getLogger(BrowserHealer.class.getName());

  /**
   * How the healer watches and backs off.
   *
   * @param hangAfter how long a running browser that answered before may go without answering
   *     {@code /json/version} (asked every {@code hangProbeInterval}) before it counts as hung: it
   *     is then ended and relaunched like a dead one
   */
  public record Policy(Duration watchInterval, Duration firstBackoff, int maxFailures, Duration window,
      Duration hangAfter, Duration hangProbeInterval) {
    public static Policy defaults() {
      return new Policy(Duration.ofMillis(250), Duration.ofSeconds(1), 5, Duration.ofSeconds(60),
          Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    public Policy withHangAfter(Duration after) {
      return new Policy(watchInterval, firstBackoff, maxFailures, window, after, hangProbeInterval);
    }
  }

  private final LeaseTable table;
  private final BrowserDirectory browsers;
  private final Function<Display, BrowserLauncher> launchers;
  private final BrowserProcesses processes;
  private final Policy policy;
  private final Map<Integer, SlotHealth> health = new HashMap<>();
  private volatile ScheduledExecutorService watcher;
  private volatile ScheduledExecutorService relauncher;
  private volatile ScheduledExecutorService prober;

  /**
   * @param launchers a launcher for a display mode: a browser is relaunched headless or headed as
   *     the one that died ran
   */
  public BrowserHealer(LeaseTable table, BrowserDirectory browsers, Function<Display, BrowserLauncher> launchers,
      BrowserProcesses processes, Policy policy) {
    this.table = table;
    this.browsers = browsers;
    this.launchers = launchers;
    this.processes = processes;
    this.policy = policy;
  }

  public void start() {
    watcher = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "escarp-heal-watch"));
    relauncher = Executors.newScheduledThreadPool(2, r -> thread(r, "escarp-heal-launch"));
    // its own thread: a hung browser's probe waits out its timeout without delaying the watch
    prober = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "escarp-heal-probe"));
    long millis = policy.watchInterval().toMillis();
    watcher.scheduleWithFixedDelay(this::watchQuietly, 0, millis, TimeUnit.MILLISECONDS);
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Whether the healer is relaunching the slot's browser or has given up on it (the sweep leaves it alone). */
  public synchronized boolean owns(int slot) {
    SlotHealth h = health.get(slot);
    return h != null && (h.healing || h.gaveUp != null);
  }

  private void watchQuietly() {
    try {
      watch();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "browser watch failed: " + e);
    }
  }

  /** One look at every slot's browser. */
  void watch() {
    List<SlotSnapshot> slots = table.snapshot().slots();
    Set<Integer> inPool = slots.stream().map(SlotSnapshot::index).collect(Collectors.toSet());
    synchronized (this) {
      health.keySet().retainAll(inPool);
    }
    for (SlotSnapshot s : slots) {
      watch(s);
    }
  }

  private void watch(SlotSnapshot s) {
    if (!s.slot().isLocal()) {
      return; // a remote browser is not escarp's: never relaunched, never ended
    }
    int index = s.index();
    long pid = browsers.browserPid(index);
    Optional<ProcessHandle> current = pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
    boolean probe;
    synchronized (this) {
      SlotHealth h = health.computeIfAbsent(index, i -> new SlotHealth());
      if (h.healing) {
        return;
      }
      if (h.gaveUp != null) {
        if (current.isEmpty()) {
          if (s.state() == SlotState.FREE) {
            table.markUnhealthy(index, h.gaveUp);
          }
          return;
        }
        LOG.log(Level.INFO, "slot " + index + " has a running browser again (pid " + pid + "); healing it again");
        h.gaveUp = null;
        h.failures.clear();
      }
      if (current.isPresent() && (h.watched == null || h.watched.pid() != pid)) {
        h.watch(current.get());
      }
      if (h.watched != null) {
        if (!h.watched.isAlive()) {
          noticed(s, h, "browser pid " + h.watched.pid() + " exited");
        } else {
          maybeProbeForHang(s, h);
        }
        return;
      }
      // No process to watch: probe a leased slot's port every other look instead.
      probe = s.state() == SlotState.LEASED && (h.probeTicks++ % 2 == 0);
    }
    if (probe) {
      ProbeResult result = browsers.probe().probe(s.slot().cdpPort());
      synchronized (this) {
        SlotHealth h = health.get(index);
        if (h == null || h.healing || h.gaveUp != null || h.watched != null) {
          return;
        }
        if (result instanceof ProbeResult.Found) {
          h.seenAnswering = true;
        } else if (h.seenAnswering) {
          noticed(s, h, ((ProbeResult.NothingThere) result).reason());
        }
      }
    }
  }

  /**
   * Called with the monitor held: asks a running browser {@code /json/version} now and then, off
   * the watch thread. A process can live on without answering (deadlocked, stopped, swapping): a
   * browser silent for {@link Policy#hangAfter} since it last answered (or since it was first
   * watched) is ended and relaunched, as if it had died.
   */
  private void maybeProbeForHang(SlotSnapshot s, SlotHealth h) {
    long now = System.nanoTime();
    if (h.hangProbing || now - h.lastHangProbeNanos < policy.hangProbeInterval().toNanos()) {
      return;
    }
    h.hangProbing = true;
    h.lastHangProbeNanos = now;
    ProcessHandle browser = h.watched;
    prober.execute(() -> {
      ProbeResult result = browsers.probe().probe(s.slot().cdpPort());
      synchronized (this) {
        SlotHealth current = health.get(s.index());
        if (current == null || current.watched != browser) {
          return; // died, relaunched or left the pool meanwhile
        }
        current.hangProbing = false;
        long at = System.nanoTime();
        if (result instanceof ProbeResult.Found) {
          current.lastAnswerNanos = at;
        } else if (at - current.lastAnswerNanos >= policy.hangAfter().toNanos()) {
          String how = "browser pid " + browser.pid() + " runs but has not answered on port " + s.slot().cdpPort()
              + " for " + policy.hangAfter().toSeconds() + " s (" + ((ProbeResult.NothingThere) result).reason()
              + "); ended it";
          browser.descendants().forEach(ProcessHandle::destroyForcibly);
          browser.destroyForcibly();
          noticed(find(s.index()).orElse(s), current, how);
        }
      }
    });
  }

  /** Called with the monitor held: the slot's browser is gone; schedule its relaunch. */
  private void noticed(SlotSnapshot s, SlotHealth h, String how) {
    int index = s.index();
    h.unwatch();
    if (s.state() == SlotState.LEASED && s.acquiredAt().isPresent()) {
      int restarts = browsers.leaseNews(index, s.acquiredAt()).map(BrowserDirectory.LeaseNews::restarts).orElse(0);
      browsers.leaseNews(index, new BrowserDirectory.LeaseNews(s.acquiredAt().get(), RESTARTING, restarts));
    }
    LOG.log(Level.WARNING, "slot " + index + ": its browser died (" + how + ")");
    failed(index, h, "browser died: " + how);
  }

  /** Called with the monitor held: counts a death or failed launch; schedules a relaunch or gives up. */
  private void failed(int index, SlotHealth h, String reason) {
    long now = System.nanoTime();
    while (!h.failures.isEmpty() && now - h.failures.peekFirst() > policy.window().toNanos()) {
      h.failures.removeFirst();
    }
    h.failures.addLast(now);
    int recent = h.failures.size();
    if (recent >= policy.maxFailures()) {
      h.healing = false;
      h.gaveUp = "browser keeps dying: " + recent + " deaths or failed launches within "
          + policy.window().toSeconds() + " s; no longer relaunched (run escarp launch-pool once it is fixed); last: "
          + reason;
      LOG.log(Level.ERROR, "slot " + index + ": " + h.gaveUp);
      Optional<SlotSnapshot> s = find(index);
      s.filter(x -> x.state() == SlotState.LEASED && x.acquiredAt().isPresent()).ifPresent(x -> browsers.leaseNews(
          index, new BrowserDirectory.LeaseNews(x.acquiredAt().get(), GAVE_UP,
              browsers.leaseNews(index, x.acquiredAt()).map(BrowserDirectory.LeaseNews::restarts).orElse(0))));
      if (s.isPresent() && s.get().state() == SlotState.FREE) {
        table.markUnhealthy(index, h.gaveUp);
      }
      return;
    }
    h.healing = true;
    long delay = recent <= 1 ? 0 : policy.firstBackoff().toMillis() << Math.min(recent - 2, 10);
    LOG.log(Level.INFO, "slot " + index + ": relaunching its browser" + (delay > 0 ? " in " + delay + " ms" : ""));
    relauncher.schedule(() -> relaunch(index), delay, TimeUnit.MILLISECONDS);
  }

  private void relaunch(int index) {
    Optional<SlotSnapshot> before = find(index);
    if (before.isEmpty() || !before.get().slot().isLocal()) {
      synchronized (this) {
        health.remove(index); // taken out of the pool meanwhile: its browser is not ours to start
      }
      return;
    }
    Display display;
    Optional<List<String>> commandLine;
    synchronized (this) {
      SlotHealth h = health.get(index);
      display = h == null ? Display.AUTO : h.display;
      commandLine = h == null ? Optional.empty() : h.commandLine;
    }
    Slot slot = before.get().slot();
    LaunchResult result;
    try {
      endLeftovers(slot);
      BrowserLauncher launcher = launchers.apply(display);
      // the same command line the browser ran, so extra flags and its executable come back too
      result = commandLine.filter(c -> BrowserLauncher.isCommandLineOf(slot, c))
          .map(c -> launcher.relaunch(slot, c)).orElseGet(() -> launcher.launch(slot));
    } catch (RuntimeException e) {
      result = new LaunchResult.Failed(index, before.get().slot().cdpPort(), e.toString());
    }
    if (result instanceof LaunchResult.Failed failure) {
      synchronized (this) {
        SlotHealth h = health.get(index);
        if (h != null && !Thread.currentThread().isInterrupted()) {
          LOG.log(Level.WARNING, "slot " + index + ": relaunch failed: " + failure.reason());
          failed(index, h, "relaunch failed: " + failure.reason());
        }
      }
      return;
    }
    browsers.record(index, browsers.probe().probe(before.get().slot().cdpPort()));
    browsers.refreshProcess(before.get().slot());
    long pid = browsers.browserPid(index);
    Optional<SlotSnapshot> after = find(index);
    synchronized (this) {
      SlotHealth h = health.computeIfAbsent(index, i -> new SlotHealth());
      h.healing = false;
      ProcessHandle.of(pid).ifPresentOrElse(h::watch, h::unwatch);
      h.seenAnswering = true;
      h.lastAnswerNanos = System.nanoTime();
      after.filter(s -> s.state() == SlotState.LEASED && s.acquiredAt().isPresent()).ifPresent(s -> {
        int restarts = browsers.leaseNews(index, s.acquiredAt()).map(BrowserDirectory.LeaseNews::restarts).orElse(0);
        browsers.leaseNews(index, new BrowserDirectory.LeaseNews(s.acquiredAt().get(), RESTARTED, restarts + 1));
      });
    }
    if (after.isPresent() && after.get().state() == SlotState.UNHEALTHY) {
      table.markHealthy(index);
    }
    LOG.log(Level.INFO, "slot " + index + ": browser relaunched on port " + before.get().slot().cdpPort()
        + " (pid " + pid + ")");
  }

  /**
   * A dead browser's helpers (renderers, GPU, zygote) leave within moments; while any runs on the
   * profile a new browser cannot start on it. Those still there after a second are ended.
   */
  private void endLeftovers(Slot slot) {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (!processes.processesOf(slot.profileDir()).isEmpty()) {
      if (browsers.probe().probe(slot.cdpPort()) instanceof ProbeResult.Found) {
        return; // brought back meanwhile (escarp launch-pool, say): the launcher will skip it
      }
      if (System.nanoTime() - deadline >= 0) {
        LOG.log(Level.INFO, "slot " + slot.index() + ": ending what is left of its dead browser");
        new SlotStopper(processes, Duration.ofSeconds(1)).stop(slot, false);
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Optional<SlotSnapshot> find(int index) {
    return table.snapshot().slots().stream().filter(s -> s.index() == index).findFirst();
  }

  /** Stops watching; a relaunch in progress is interrupted (the launcher ends what it started). */
  @Override
  public void close() {
    for (ScheduledExecutorService e : new ScheduledExecutorService[] {watcher, relauncher, prober}) {
      if (e != null) {
        e.shutdownNow();
      }
    }
    for (ScheduledExecutorService e : new ScheduledExecutorService[] {watcher, relauncher, prober}) {
      if (e != null) {
        try {
          e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
