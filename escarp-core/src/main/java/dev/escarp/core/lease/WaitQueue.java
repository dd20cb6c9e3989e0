package dev.escarp.core.lease;

import dev.escarp.core.time.Scheduler;
import dev.escarp.core.time.Scheduler.Cancellable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Callers waiting for a slot: by priority (higher first), first come, first served within one;
 * a waiter whose client holds its most leases is passed over until it holds fewer. Each waiter has its own timeout; while
 * anyone waits, the queue also looks every {@value #POLL_MILLIS} ms for slots that another
 * process let go of (no signal reaches us when a foreign flock is dropped). Guarded by the
 * table's lock: methods are called with it held, except the timer callbacks, which take it.
 */
final class WaitQueue {

  static final long POLL_MILLIS = 20;

  /** One acquire attempt, made with the table's lock held. */
  @FunctionalInterface
  interface Attempt {
    AcquireResult tryAcquire(AcquireRequest request, Effects fx);
  }

  static final class Waiter {
    final AcquireRequest request;
    final CompletableFuture<AcquireResult> future;
    /** Waits only because a slot it could get was resetting: answered once none is. */
    final boolean forResetOnly;
    Cancellable timeout = () -> {};

    Waiter(AcquireRequest request, CompletableFuture<AcquireResult> future, boolean forResetOnly) {
      this.request = request;
      this.future = future;
      this.forResetOnly = forResetOnly;
    }
  }

  private final LinkedList<Waiter> waiters = new LinkedList<>();
  private final ReentrantLock tableLock;
  private final Scheduler scheduler;
  private final JournalGate journal;
  private final Attempt attempt;
  private final Predicate<AcquireRequest> resetting;
  private final Predicate<AcquireRequest> mayLease;
  private final BooleanSupplier closed;
  private boolean pollScheduled;

  WaitQueue(ReentrantLock tableLock, Scheduler scheduler, JournalGate journal, Attempt attempt,
      Predicate<AcquireRequest> resetting, Predicate<AcquireRequest> mayLease, BooleanSupplier closed) {
    this.tableLock = tableLock;
    this.scheduler = scheduler;
    this.journal = journal;
    this.attempt = attempt;
    this.resetting = resetting;
    this.mayLease = mayLease;
    this.closed = closed;
  }

  /**
   * Queues a caller for up to {@code wait}; one {@code forResetOnly} is answered as soon as no
   * slot it could get is resetting any more (the reset failed, say).
   */
  Waiter enqueue(AcquireRequest request, CompletableFuture<AcquireResult> future, Duration wait,
      boolean forResetOnly) {
    Waiter waiter = new Waiter(request, future, forResetOnly);
    ListIterator<Waiter> at = waiters.listIterator();
    while (at.hasNext()) {
      if (at.next().request.priority() < request.priority()) {
        at.previous();
        break;
      }
    }
    at.add(waiter);
    waiter.timeout = scheduler.schedule(() -> timedOut(waiter), wait.toNanos());
    schedulePoll();
    return waiter;
  }

  int size() {
    return waiters.size();
  }

  /** How many of this client's acquires wait, not counting the brief waits for a reset. */
  int countOf(String client) {
    int n = 0;
    for (Waiter w : waiters) {
      if (!w.forResetOnly && w.request.client().filter(client::equals).isPresent()) {
        n++;
      }
    }
    return n;
  }

  /** {@link #countOf} for every client that has a waiter. */
  Map<String, Integer> countByClient() {
    Map<String, Integer> counts = new HashMap<>();
    for (Waiter w : waiters) {
      if (!w.forResetOnly) {
        w.request.client().ifPresent(c -> counts.merge(c, 1, Integer::sum));
      }
    }
    return counts;
  }

  boolean isEmpty() {
    return waiters.isEmpty();
  }

  /** Takes the first waiter that would accept this slot, if any, and stops its timeout. */
  Optional<Waiter> takeFirstFor(int slot) {
    for (Waiter w : waiters) {
      if ((w.request.slot().isEmpty() || w.request.slot().getAsInt() == slot) && mayLease.test(w.request)) {
        waiters.remove(w);
        w.timeout.cancel();
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  /** Gives every waiter, in order, another try; the served ones learn it after the journal has it. */
  void serve(Effects fx) {
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter w = it.next();
      AcquireResult r = attempt.tryAcquire(w.request, fx);
      boolean nothingToWaitFor = w.forResetOnly && !resetting.test(w.request);
      if (r instanceof AcquireResult.Granted || r instanceof AcquireResult.UnknownSlot || nothingToWaitFor) {
        it.remove();
        w.timeout.cancel();
        fx.add(() -> answer(w.future, r));
      }
    }
  }

  /** Answers every waiter with the same result (the table is closing). */
  void answerAll(AcquireResult result, Effects fx) {
    for (Waiter w : waiters) {
      w.timeout.cancel();
      fx.add(() -> w.future.complete(result));
    }
    waiters.clear();
  }

  /**
   * Completes a caller's future, once the journal holds a grant; a grant it cannot hold is taken
   * back and the waiter told {@code NotSaved}. Lock not held.
   */
  void answer(CompletableFuture<AcquireResult> future, AcquireResult result) {
    future.complete(result instanceof AcquireResult.Granted g ? journal.saveGrant(g) : result);
  }

  private void schedulePoll() {
    if (pollScheduled || waiters.isEmpty()) {
      return;
    }
    pollScheduled = true;
    scheduler.schedule(this::poll, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
  }

  private void poll() {
    Effects fx = new Effects();
    tableLock.lock();
    try {
      pollScheduled = false;
      if (closed.getAsBoolean()) {
        return;
      }
      serve(fx);
      schedulePoll();
    } finally {
      tableLock.unlock();
    }
    fx.run();
  }

  private void timedOut(Waiter waiter) {
    Effects fx = new Effects();
    tableLock.lock();
    try {
      if (!waiters.remove(waiter)) {
        return; // served in the meantime
      }
      // One last look, so a slot freed at the deadline is not missed.
      AcquireResult last = attempt.tryAcquire(waiter.request, fx);
      fx.add(() -> answer(waiter.future, last));
    } finally {
      tableLock.unlock();
    }
    fx.run();
  }
}
