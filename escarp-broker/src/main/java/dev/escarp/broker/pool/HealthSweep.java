package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.SlotSnapshot;
import dev.escarp.core.lease.SlotState;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Probes the browsers of free and unhealthy slots every interval: a free slot whose browser
 * fails {@value #FAILURES_TO_UNHEALTHY} probes in a row becomes unhealthy, and an unhealthy slot
 * whose browser answers is free again. Leased slots, and slots whose browser the healer is
 * relaunching, are never swept. Browsers with escarp's
 * profile signature that belong to no slot are reported.
 */
public final class HealthSweep implements AutoCloseable {

  static final int FAILURES_TO_UNHEALTHY = 3;
  private static final System.Logger LOG = System.getLogger(HealthSweep.class.getName());

  private final LeaseTable table;
  private final BrowserDirectory browsers;
  private final Duration interval;
  private final IntPredicate healing;
  private final Duration remoteInterval;
  private final Map<Integer, Integer> failures = new HashMap<>();
  private final Set<Long> reportedOrphans = new HashSet<>();
  private volatile int orphanCount;
  private ScheduledExecutorService executor;

  public HealthSweep(LeaseTable table, BrowserDirectory browsers, Duration interval) {
    this(table, browsers, interval, slot -> false);
  }

  /** @param healing slots whose browser the {@link BrowserHealer} is relaunching or gave up on: not swept */
  public HealthSweep(LeaseTable table, BrowserDirectory browsers, Duration interval, IntPredicate healing) {
    this(table, browsers, interval, healing, interval);
  }

  /**
   * @param remoteInterval how often the {@code remote} backend's slots are probed besides: nothing
   *     heals them, so a dead one must leave rotation fast (within 2 s at the default 1 s)
   */
  public HealthSweep(LeaseTable table, BrowserDirectory browsers, Duration interval, IntPredicate healing,
      Duration remoteInterval) {
    this.remoteInterval = remoteInterval;
    this.table = table;
    this.browsers = browsers;
    this.interval = interval;
    this.healing = healing;
  }

  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "escarp-health");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    if (remoteInterval.compareTo(interval) < 0) {
      long remoteMillis = Math.max(1, remoteInterval.toMillis());
      executor.scheduleWithFixedDelay(() -> {
        try {
          sweepRemotes();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "health sweep of remote slots failed: " + e);
        }
      }, remoteMillis, remoteMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** One pass over the {@code remote} backend's slots only. */
  public synchronized void sweepRemotes() {
    probeSlots(table.snapshot().slots().stream().filter(s -> !s.slot().isLocal()).toList());
  }

  /** One pass; runs on the sweep's thread (tests may call it directly). */
  public synchronized void sweep() {
    List<SlotSnapshot> slots = table.snapshot().slots();
    probeSlots(slots);
    List<EscarpBrowser> orphans = browsers.refreshProcesses(slots.stream().map(SlotSnapshot::slot).toList(),
        table.layout().tier());
    orphanCount = orphans.size();
    for (EscarpBrowser orphan : orphans) {
      if (reportedOrphans.add(orphan.pid())) {
        LOG.log(Level.WARNING, "browser pid " + orphan.pid() + " runs escarp's profile " + orphan.profileDir()
            + " but belongs to no slot of this pool");
      }
    }
  }

  private void probeSlots(List<SlotSnapshot> slots) {
    for (SlotSnapshot s : slots) {
      int index = s.index();
      if (s.state() != SlotState.FREE && s.state() != SlotState.UNHEALTHY || healing.test(index)) {
        failures.remove(index);
        continue;
      }
      ProbeResult result = browsers.probe(s.slot());
      if (result instanceof ProbeResult.Found) {
        failures.remove(index);
        if (s.state() == SlotState.UNHEALTHY && table.markHealthy(index)) {
          LOG.log(Level.INFO, "slot " + index + " answers again; back in service");
        }
      } else {
        int failed = failures.merge(index, 1, Integer::sum);
        String reason = ((ProbeResult.NothingThere) result).reason();
        // escarp heals its own browsers, so a local one gets a few tries; nothing heals a remote
        // one, so it leaves rotation at its first silence and comes back at its first answer.
        int allowed = s.slot().isLocal() ? FAILURES_TO_UNHEALTHY : 1;
        if (failed >= allowed && s.state() == SlotState.FREE
            && table.markUnhealthy(index, BrowserReadiness.notAnswering(s.slot(), (ProbeResult.NothingThere) result))) {
          LOG.log(Level.WARNING, "slot " + index + " marked unhealthy: " + reason);
        }
      }
    }
  }

  public int orphanCount() {
    return orphanCount;
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "health sweep failed: " + e);
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
