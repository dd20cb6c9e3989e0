package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Slots joining and leaving service: added to and removed from a running pool (the journal is
 * written before either returns), and taken out of rotation while their browser is unhealthy.
 * Takes the table's lock itself.
 */
final class PoolMembership {

  private final ReentrantLock tableLock;
  private final SlotLayout layout;
  private final SlotBook book;
  private final HolderDiscovery holders;
  private final ResetCoordinator resets;
  private final WaitQueue waits;
  private final JournalWriter journal;
  private final String ownerName;
  private final Runnable ensureRunning;

  PoolMembership(ReentrantLock tableLock, SlotLayout layout, SlotBook book, HolderDiscovery holders,
      ResetCoordinator resets, WaitQueue waits, JournalWriter journal, String ownerName,
      Runnable ensureRunning) {
    this.tableLock = tableLock;
    this.layout = layout;
    this.book = book;
    this.holders = holders;
    this.resets = resets;
    this.waits = waits;
    this.journal = journal;
    this.ownerName = ownerName;
    this.ensureRunning = ensureRunning;
  }

  PoolChangeResult add(int index) {
    return add(layout.slot(index)); // validates the index before the lock
  }

  PoolChangeResult add(Slot slot) {
    int index = slot.index();
    SlotEntry entry = new SlotEntry(slot);
    Effects fx = new Effects();
    PoolChangeResult result;
    tableLock.lock();
    try {
      ensureRunning.run();
      if (book.contains(index)) {
        return new PoolChangeResult.AlreadyInPool(index);
      }
      entry = book.add(entry.slot);
      Optional<SlotClaim> claim = holders.claim(entry, ownerName);
      if (claim.isPresent() && claim.get().needsReset()) {
        resets.start(entry, claim.get(), fx);
      } else if (claim.isPresent()) {
        claim.get().markClean();
        claim.get().close();
        waits.serve(fx);
      }
      journal.changed();
      result = new PoolChangeResult.Added(book.snapshotOf(entry));
    } finally {
      tableLock.unlock();
    }
    fx.run();
    journal.writeNow();
    return result;
  }

  PoolChangeResult remove(int index, boolean force) {
    Effects fx = new Effects();
    tableLock.lock();
    try {
      ensureRunning.run();
      Optional<SlotEntry> found = book.get(index);
      if (found.isEmpty()) {
        return new PoolChangeResult.NotInPool(index);
      }
      SlotEntry entry = found.get();
      if (entry.state == SlotState.LEASED && !force) {
        return new PoolChangeResult.Leased(index);
      }
      book.remove(index);
      if (entry.lease != null) {
        book.observer().ended(book.toLease(entry), LeaseEnd.Reason.REMOVED);
        ActiveLease lease = book.detachLease(entry);
        SlotSnapshot gone = book.snapshotOf(entry);
        fx.add(() -> lease.ended.complete(new LeaseEnd(LeaseEnd.Reason.REMOVED, gone)));
      }
      if (entry.claim != null) {
        // A reset in progress sees the claim gone and just lets go of the flock.
        SlotClaim claim = entry.claim;
        entry.claim = null;
        if (entry.state == SlotState.LEASED) {
          claim.close();
        }
      }
      entry.state = SlotState.FREE;
      journal.changed();
    } finally {
      tableLock.unlock();
    }
    fx.run();
    journal.writeNow();
    return new PoolChangeResult.Removed(index);
  }

  /**
   * Marks a free slot unhealthy (its browser stopped answering, say), so it is not handed out.
   * Leased and resetting slots are left alone; returns whether the slot changed.
   */
  boolean markUnhealthy(int slot, String reason) {
    tableLock.lock();
    try {
      Optional<SlotEntry> entry = book.get(slot).filter(e -> e.state == SlotState.FREE);
      entry.ifPresent(e -> {
        e.state = SlotState.UNHEALTHY;
        e.problem = reason;
      });
      return entry.isPresent();
    } finally {
      tableLock.unlock();
    }
  }

  /** Returns an unhealthy slot to service; waiters may get it at once. Returns whether it changed. */
  boolean markHealthy(int slot) {
    Effects fx = new Effects();
    tableLock.lock();
    try {
      Optional<SlotEntry> entry = book.get(slot).filter(e -> e.state == SlotState.UNHEALTHY);
      if (entry.isEmpty()) {
        return false;
      }
      // An answering browser does not mend a lock file that cannot be used.
      Optional<String> lockProblem = holders.lockProblem(entry.get());
      if (lockProblem.isPresent()) {
        entry.get().problem = lockProblem.get();
        return false;
      }
      entry.get().state = SlotState.FREE;
      entry.get().problem = null;
      waits.serve(fx);
    } finally {
      tableLock.unlock();
    }
    fx.run();
    return true;
  }
}
