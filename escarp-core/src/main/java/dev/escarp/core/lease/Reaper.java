package dev.escarp.core.lease;

import dev.escarp.core.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Ends leases: on release, when a lease's own expiry timer fires, and when a heartbeat or release
 * comes after the deadline. An ended lease's slot goes to its reset, its waiters learn why it
 * ended, and expiries are counted. {@link #end} is called with the table's lock held; the timer
 * callback takes it.
 */
final class Reaper {

  private final ReentrantLock tableLock;
  private final SlotBook book;
  private final ResetCoordinator resets;
  private final JournalWriter journal;
  private final Counters counters;
  private final Clock clock;
  private final BooleanSupplier closed;

  Reaper(ReentrantLock tableLock, SlotBook book, ResetCoordinator resets, JournalWriter journal,
      Counters counters, Clock clock, BooleanSupplier closed) {
    this.tableLock = tableLock;
    this.book = book;
    this.resets = resets;
    this.journal = journal;
    this.counters = counters;
    this.clock = clock;
    this.closed = closed;
  }

  /** Ends the lease and starts its slot's reset. Lock held. */
  void end(SlotEntry entry, LeaseEnd.Reason reason, Effects fx) {
    Lease ending = book.toLease(entry); // while still attached: the observer sees the lease as it was
    ActiveLease lease = book.detachLease(entry);
    book.observer().ended(ending, reason);
    if (reason == LeaseEnd.Reason.EXPIRED) {
      counters.expired(entry.index(), lease.holder, "expired", Instant.ofEpochMilli(clock.epochMillis()));
    }
    resets.start(entry, entry.claim, java.util.Optional.of(lease.identity), fx);
    SlotSnapshot after = book.snapshotOf(entry);
    fx.add(() -> lease.ended.complete(new LeaseEnd(reason, after)));
    journal.changed();
  }

  /** A lease's own timer: reap it if its deadline passed, else re-arm for the new deadline. */
  void expiryDue(SlotEntry entry, ActiveLease lease) {
    Effects fx = new Effects();
    tableLock.lock();
    try {
      if (closed.getAsBoolean() || entry.lease != lease || !book.expiryIsDue(entry, lease)) {
        return;
      }
      end(entry, LeaseEnd.Reason.EXPIRED, fx);
    } finally {
      tableLock.unlock();
    }
    fx.run();
    journal.writeBehind();
  }
}
