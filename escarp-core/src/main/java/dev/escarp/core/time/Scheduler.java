package dev.escarp.core.time;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. The lease table schedules each lease's own expiry through it, so
 * tests can substitute a scheduler driven by a fake clock.
 */
public interface Scheduler extends AutoCloseable {

  /** Runs {@code task} once, {@code delayNanos} from now; the handle cancels it. */
  Cancellable schedule(Runnable task, long delayNanos);

  /** Stops running tasks; pending ones are dropped. */
  @Override
  void close();

  /** A handle to cancel a scheduled task. Cancelling twice, or after it ran, is harmless. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }

  /** A scheduler on one daemon thread with this name. */
  static Scheduler singleThread(String threadName) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return of(executor);
  }

  /** A scheduler over an executor it then owns. */
  static Scheduler of(ScheduledExecutorService executor) {
    return new Scheduler() {
      @Override
      public Cancellable schedule(Runnable task, long delayNanos) {
        if (executor.isShutdown()) {
          return () -> {};
        }
        var future = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
