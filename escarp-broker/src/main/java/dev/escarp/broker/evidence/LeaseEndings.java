package dev.escarp.broker.evidence;

import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseObserver;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the daemon does at a lease's end before its browser is reset: the lease table tells it of
 * grants and ends ({@link LeaseObserver}, under the table's lock: it only records), and the
 * resetter it wraps ({@link #around}) runs each {@link Watcher}'s {@code beforeReset} for the lease
 * that just ended on that slot, on the reset thread, before the reset itself. Evidence and the
 * save-back of supervised profiles are such watchers.
 */
public final class LeaseEndings implements LeaseObserver {

  private static final System.Logger LOG = System.getLogger(LeaseEndings.class.getName());
  private static final int FINISHED_KEPT = 256;

  /** One thing to do with a lease: told of its grant (must not block), and run before its reset. */
  public interface Watcher {

    /** Called with the lease table's lock held: start something asynchronous at most. */
    default void granted(Lease lease) {}

    /** Runs on a reset thread before the slot's reset; must bound its own time. */
    void beforeReset(Ended ended) throws Exception;

    /** The lease ended with no reset to follow (its slot left the pool): let go of it. Must not block. */
    default void forgotten(Lease lease) {}
  }

  /** A lease that ended, how and when. */
  public record Ended(Lease lease, LeaseEnd.Reason reason, Instant at) {}

  private final List<Watcher> watchers;
  private final Clock clock;
  private final Map<Integer, Ended> endedBySlot = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> finished = new LinkedHashMap<>();

  public LeaseEndings(List<Watcher> watchers, Clock clock) {
    this.watchers = List.copyOf(watchers);
    this.clock = clock;
  }

  @Override
  public void granted(Lease lease) {
    endedBySlot.remove(lease.slot().index());
    for (Watcher w : watchers) {
      try {
        w.granted(lease);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "lease watcher failed at grant of slot " + lease.slot().index() + ": " + e);
      }
    }
  }

  @Override
  public void ended(Lease lease, LeaseEnd.Reason reason) {
    Ended ended = new Ended(lease, reason, clock.instant());
    if (reason == LeaseEnd.Reason.REMOVED) {
      watchers.forEach(w -> w.forgotten(lease));
      finishedFuture(lease.leaseId()).complete(null); // no reset follows a removal
      return;
    }
    endedBySlot.put(lease.slot().index(), ended);
  }

  /**
   * Completes once the watchers are done with this lease (its profile saved back, its evidence
   * kept), so whoever follows it sees their work.
   */
  public CompletableFuture<Void> finished(String leaseId) {
    return finishedFuture(leaseId).copy();
  }

  /** The resetter the lease table gets: the watchers first, then {@code delegate}. */
  public SlotResetter around(SlotResetter delegate) {
    return new SlotResetter() {
      @Override
      public void reset(Slot slot) throws Exception {
        beforeReset(slot);
        delegate.reset(slot);
      }

      @Override
      public void reset(Slot slot, String resetPolicy) throws Exception {
        beforeReset(slot);
        delegate.reset(slot, resetPolicy);
      }
    };
  }

  private void beforeReset(Slot slot) {
    Optional<Ended> ended = Optional.ofNullable(endedBySlot.remove(slot.index()));
    if (ended.isEmpty()) {
      return; // a slot left dirty by someone else, or reset at start: no lease of ours ended
    }
    for (Watcher w : watchers) {
      try {
        w.beforeReset(ended.get());
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "at the end of the lease on slot " + slot.index() + ": " + e.getMessage());
      }
    }
    finishedFuture(ended.get().lease().leaseId()).complete(null);
  }

  private synchronized CompletableFuture<Void> finishedFuture(String leaseId) {
    CompletableFuture<Void> f = finished.computeIfAbsent(leaseId, id -> new CompletableFuture<>());
    while (finished.size() > FINISHED_KEPT) {
      String oldest = finished.keySet().iterator().next();
      finished.remove(oldest).complete(null); // forgotten: nobody waits this long
    }
    return f;
  }
}
