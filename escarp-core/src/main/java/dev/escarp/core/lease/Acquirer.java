package dev.escarp.core.lease;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Acquires with a wait: at once when a slot is free, else in the FIFO queue for as long as the
 * caller waits. A slot that is only resetting counts as about to be free: a caller that would be
 * refused while a slot it could get is resetting waits for that reset, up to the reset wait, even
 * if it asked not to wait at all. Takes the table's lock itself.
 */
final class Acquirer {

  private final ReentrantLock tableLock;
  private final SlotBook book;
  private final SlotPicker picker;
  private final WaitQueue waits;
  private final Duration resetWait;
  private final Runnable ensureRunning;

  Acquirer(ReentrantLock tableLock, SlotBook book, SlotPicker picker, WaitQueue waits, Duration resetWait,
      Runnable ensureRunning) {
    this.tableLock = tableLock;
    this.book = book;
    this.picker = picker;
    this.waits = waits;
    this.resetWait = resetWait;
    this.ensureRunning = ensureRunning;
  }

  CompletableFuture<AcquireResult> acquire(AcquireRequest request, Duration wait) {
    Effects fx = new Effects();
    CompletableFuture<AcquireResult> future = new CompletableFuture<>();
    tableLock.lock();
    try {
      ensureRunning.run();
      AcquireResult now = picker.tryAcquire(request, fx);
      Duration patience = patience(request, now, wait);
      if (!patience.isZero()) {
        waits.enqueue(request, future, patience);
      } else {
        fx.add(() -> waits.answer(future, now));
      }
    } finally {
      tableLock.unlock();
    }
    fx.run();
    return future;
  }

  /** How long to queue: the caller's wait, and at least the reset wait for a slot it could get. Lock held. */
  private Duration patience(AcquireRequest request, AcquireResult now, Duration wait) {
    if (!(now instanceof AcquireResult.PoolExhausted || now instanceof AcquireResult.SlotTaken)) {
      return Duration.ZERO;
    }
    return resettingFor(request) && resetWait.compareTo(wait) > 0 ? resetWait : wait;
  }

  private boolean resettingFor(AcquireRequest request) {
    for (SlotEntry entry : book.entries()) {
      boolean wanted = request.slot().isEmpty() || request.slot().getAsInt() == entry.index();
      if (wanted && entry.state == SlotState.RESETTING) {
        return true;
      }
    }
    return false;
  }
}
