package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.SlotReadiness;
import dev.escarp.core.time.Clock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Acquires: at once when a slot is free, else in the FIFO queue for as long as the caller waits.
 *
 * <p>A slot that is only resetting counts as about to be free: a caller that would be refused
 * while a slot it could get is resetting waits for that reset, up to the reset wait, even if it
 * asked not to wait at all.
 *
 * <p>A slot is handed out only if its browser answers now ({@link SlotReadiness}). The check runs
 * outside the table's lock, after the slot was claimed and granted but before anyone learns of
 * the grant: on the caller's thread for an immediate grant, on the reset executor for a grant
 * from the queue (never on the timer thread). A slot that does not answer is taken back, marked
 * {@link SlotState#UNHEALTHY} with the reason, and the next slot is tried. Takes the table's lock
 * itself.
 */
final class Acquirer {

  private static final System.Logger LOG = System.getLogger(LeaseTable.class.getName());

  private final ReentrantLock tableLock;
  private final SlotBook book;
  private final SlotPicker picker;
  private final WaitQueue waits;
  private final Admission admission;
  private final JournalWriter journal;
  private final SlotReadiness readiness;
  private final Executor checks;
  private final Clock clock;
  private final Duration resetWait;
  private final Runnable ensureRunning;
  private final BooleanSupplier closed;

  Acquirer(ReentrantLock tableLock, SlotBook book, SlotPicker picker, WaitQueue waits, Admission admission,
      JournalWriter journal, LeaseTableBuilder b, Runnable ensureRunning, BooleanSupplier closed) {
    this.admission = admission;
    this.tableLock = tableLock;
    this.book = book;
    this.picker = picker;
    this.waits = waits;
    this.journal = journal;
    this.readiness = b.readiness;
    this.checks = b.threads.resets();
    this.clock = b.clock;
    this.resetWait = b.resetWait;
    this.ensureRunning = ensureRunning;
    this.closed = closed;
  }

  /** At once, never waiting: a lease whose browser answers, or why not. Lock not held. */
  AcquireResult acquireNow(AcquireRequest request) {
    while (true) {
      Effects fx = new Effects();
      AcquireResult result;
      tableLock.lock();
      try {
        ensureRunning.run();
        result = picker.tryAcquire(request, fx);
      } finally {
        tableLock.unlock();
      }
      fx.run();
      if (!(result instanceof AcquireResult.Granted granted) || ready(granted.lease())) {
        return result;
      }
    }
  }

  /** With a wait; the future never completes exceptionally. Lock not held. */
  CompletableFuture<AcquireResult> acquire(AcquireRequest request, Duration wait) {
    long deadline = clock.nanoTime() + wait.toNanos();
    while (true) {
      Effects fx = new Effects();
      CompletableFuture<AcquireResult> future = new CompletableFuture<>();
      AcquireResult now;
      boolean queued = false;
      tableLock.lock();
      try {
        ensureRunning.run();
        now = picker.tryAcquire(request, fx);
        Duration patience = patience(request, now, wait);
        boolean forResetOnly = patience.compareTo(wait) > 0;
        // A wait for a reset is brief and bounded: only the caller's own wait counts against limits.
        Optional<AcquireResult> refused = patience.isZero() || forResetOnly ? Optional.empty()
            : admission.waitLimit(request, waits);
        if (refused.isPresent()) {
          now = refused.get();
        } else if (!patience.isZero()) {
          waits.enqueue(request, future, patience, forResetOnly);
          queued = true;
        }
      } finally {
        tableLock.unlock();
      }
      fx.run();
      if (queued) {
        return future.thenCompose(result -> confirmed(request, result, deadline));
      }
      if (now instanceof AcquireResult.Granted granted && !ready(granted.lease())) {
        continue;
      }
      waits.answer(future, now);
      return future;
    }
  }

  /** A result from the queue: checked off the completing thread; a dead slot sends the caller back. */
  private CompletableFuture<AcquireResult> confirmed(AcquireRequest request, AcquireResult result, long deadline) {
    if (!(result instanceof AcquireResult.Granted granted)) {
      return CompletableFuture.completedFuture(result);
    }
    try {
      return CompletableFuture.supplyAsync(() -> ready(granted.lease()), checks)
          .thenCompose(ready -> ready ? CompletableFuture.completedFuture(result) : retry(request, deadline));
    } catch (RejectedExecutionException e) { // the table's threads are stopping
      return CompletableFuture.completedFuture(result);
    }
  }

  private CompletableFuture<AcquireResult> retry(AcquireRequest request, long deadline) {
    try {
      return acquire(request, Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())));
    } catch (IllegalStateException closing) { // the table closed meanwhile: its waiters are refused
      return CompletableFuture.completedFuture(exhausted());
    }
  }

  private AcquireResult exhausted() {
    tableLock.lock();
    try {
      return new AcquireResult.PoolExhausted(book.snapshot());
    } finally {
      tableLock.unlock();
    }
  }

  /** How long to queue: the caller's wait, and at least the reset wait for a slot it could get. Lock held. */
  private Duration patience(AcquireRequest request, AcquireResult now, Duration wait) {
    if (!(now instanceof AcquireResult.PoolExhausted || now instanceof AcquireResult.SlotTaken)) {
      return Duration.ZERO;
    }
    return book.anyResettingFor(request) && resetWait.compareTo(wait) > 0 ? resetWait : wait;
  }

  /** Asks whether the granted slot's browser answers; if not, takes the grant back. Lock not held. */
  private boolean ready(Lease lease) {
    Optional<String> problem;
    try {
      problem = readiness.problem(lease.slot());
    } catch (RuntimeException e) {
      problem = Optional.of("readiness check failed: " + e);
    }
    if (problem.isEmpty()) {
      return true;
    }
    LOG.log(Level.WARNING, "slot " + lease.slot().index() + " not handed out: " + problem.get());
    tableLock.lock();
    try {
      takeBack(lease, problem.get());
    } finally {
      tableLock.unlock();
    }
    journal.writeBehind();
    return false;
  }

  /** Undoes a grant nobody has learnt of: the slot is unhealthy, its flock let go. Lock held. */
  private void takeBack(Lease lease, String problem) {
    Optional<SlotEntry> found = book.get(lease.slot().index());
    if (closed.getAsBoolean() || found.isEmpty() || found.get().lease == null
        || !found.get().lease.token.matches(lease.token())) {
      return; // the table closed (it keeps its leases), or the slot left the pool, in the meantime
    }
    SlotEntry entry = found.get();
    book.detachLease(entry);
    SlotClaim claim = entry.claim;
    entry.claim = null;
    claim.markClean(); // nobody drove the browser under this grant
    claim.close();
    entry.state = SlotState.UNHEALTHY;
    entry.problem = problem;
    journal.changed();
  }
}
