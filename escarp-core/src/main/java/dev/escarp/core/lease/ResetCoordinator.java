package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.reset.SlotResetter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Resets a slot's browser between holders and hands the slot on. A reset runs on the reset
 * executor holding the slot's flock but not the table's lock; when it ends, the slot goes straight
 * to the first waiter that wants it (keeping the flock, so no other claimant slips in between),
 * or is unlocked and offered to the queue; a failed reset leaves it {@link SlotState#UNHEALTHY}.
 * {@link #start} is called with the table's lock held; the rest takes it.
 */
final class ResetCoordinator {

  private static final System.Logger LOG = System.getLogger(LeaseTable.class.getName());

  private final SlotResetter resetter;
  private final Executor executor;
  private final ReentrantLock tableLock;
  private final WaitQueue waits;
  private final SlotBook book;
  private final JournalWriter journal;
  private final Counters counters;
  private final BooleanSupplier closed;
  private final Set<CompletableFuture<SlotState>> running = ConcurrentHashMap.newKeySet();

  ResetCoordinator(SlotResetter resetter, Executor executor, ReentrantLock tableLock, SlotBook book,
      WaitQueue waits, JournalWriter journal, Counters counters, BooleanSupplier closed) {
    this.resetter = resetter;
    this.executor = executor;
    this.tableLock = tableLock;
    this.book = book;
    this.waits = waits;
    this.journal = journal;
    this.counters = counters;
    this.closed = closed;
  }

  /** Marks the slot resetting under this claim; the reset itself starts once the lock is released. */
  void start(SlotEntry entry, SlotClaim claim, Effects fx) {
    start(entry, claim, Optional.empty(), fx);
  }

  /**
   * As {@link #start(SlotEntry, SlotClaim, Effects)}, after a lease whose identity names the reset
   * policy (a delegated lease is wiped whatever the pool's policy).
   */
  void start(SlotEntry entry, SlotClaim claim, Optional<LeaseIdentity> ended, Effects fx) {
    entry.state = SlotState.RESETTING;
    entry.claim = claim;
    entry.lease = null;
    CompletableFuture<SlotState> done = new CompletableFuture<>();
    entry.resetDone = done;
    book.resetTimes().started(entry);
    running.add(done);
    done.whenComplete((state, failure) -> running.remove(done));
    fx.add(() -> executor.execute(() -> run(entry, claim, ended, done)));
  }

  /** Waits up to {@code timeout} for the resets in progress (the table is closing). */
  void awaitRunning(Duration timeout) {
    try {
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "resets still running at close: " + running.size());
    }
  }

  private void run(SlotEntry entry, SlotClaim claim, Optional<LeaseIdentity> ended,
      CompletableFuture<SlotState> done) {
    Optional<String> failure = Optional.empty();
    try {
      if (ended.isPresent()) {
        resetter.reset(entry.slot, ended.get().resetPolicy());
      } else {
        resetter.reset(entry.slot);
      }
      claim.markClean();
    } catch (Exception e) {
      failure = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      LOG.log(Level.WARNING, "reset of slot " + entry.index() + " failed: " + failure.get());
    }
    Effects fx = new Effects();
    SlotState outcome;
    boolean handedOff = false;
    tableLock.lock();
    try {
      if (closed.getAsBoolean() || entry.claim != claim) {
        claim.close(); // the table closed, or the slot left the pool mid-reset
        outcome = failure.isPresent() ? SlotState.UNHEALTHY : SlotState.FREE;
      } else if (failure.isPresent()) {
        counters.resetFailed();
        entry.state = SlotState.UNHEALTHY;
        entry.problem = "reset failed: " + failure.get();
        entry.claim = null;
        claim.close();
        waits.serve(fx); // who waited only for this reset need not wait on
        outcome = SlotState.UNHEALTHY;
      } else {
        counters.resetSucceeded();
        book.resetTimes().finished(entry);
        entry.state = SlotState.FREE;
        handedOff = handOff(entry, claim, fx);
        if (!handedOff) {
          entry.claim = null;
          claim.close();
          waits.serve(fx);
        }
        outcome = entry.state;
      }
    } finally {
      tableLock.unlock();
    }
    fx.run(); // a hand-off is answered once the journal holds it (else taken back): see WaitQueue.answer
    journal.changes().fire(); // resetting -> free or unhealthy is a change the journal need not save
    done.complete(outcome);
  }

  /** Gives the clean slot to the first waiter that wants it, flock and all. Lock held. */
  private boolean handOff(SlotEntry entry, SlotClaim claim, Effects fx) {
    Optional<WaitQueue.Waiter> waiter = waits.takeFirstFor(entry.index());
    if (waiter.isEmpty()) {
      return false;
    }
    WaitQueue.Waiter w = waiter.get();
    AcquireResult granted = new AcquireResult.Granted(book.grant(entry, claim, w.request));
    journal.changed();
    fx.add(() -> waits.answer(w.future, granted));
    return true;
  }
}
