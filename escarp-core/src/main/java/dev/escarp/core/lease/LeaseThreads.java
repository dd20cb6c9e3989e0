package dev.escarp.core.lease;

import dev.escarp.core.time.Scheduler;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a {@link LeaseTable} runs on, given to it rather than made by it: a scheduler for
 * expiry and wait timers (callbacks are short and take the table's lock), an executor for browser
 * resets (slow: tens of ms to seconds each), and an I/O executor for journal write-behind. A test
 * passes manual time and direct executors; the daemon passes {@link #start}'s. Whoever creates
 * the threads closes them, after the table.
 */
public final class LeaseThreads implements AutoCloseable {

  private final Scheduler scheduler;
  private final Executor resets;
  private final Executor io;
  private final Runnable shutdown;

  private LeaseThreads(Scheduler scheduler, Executor resets, Executor io, Runnable shutdown) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.resets = Objects.requireNonNull(resets, "reset executor");
    this.io = Objects.requireNonNull(io, "I/O executor");
    this.shutdown = shutdown;
  }

  /** Threads the caller owns and closes itself; {@link #close()} leaves them alone. */
  public static LeaseThreads of(Scheduler scheduler, Executor resets, Executor io) {
    return new LeaseThreads(scheduler, resets, io, () -> {});
  }

  /**
   * Daemon threads named {@code <prefix>-timer}, {@code <prefix>-reset-N} (up to {@code
   * resetThreads} at once) and {@code <prefix>-journal}; {@link #close()} stops them.
   */
  public static LeaseThreads start(String prefix, int resetThreads) {
    if (resetThreads < 1) {
      throw new IllegalArgumentException("reset threads must be >= 1, got " + resetThreads);
    }
    Scheduler scheduler = Scheduler.singleThread(prefix + "-timer");
    AtomicInteger n = new AtomicInteger();
    ExecutorService resets = Executors.newFixedThreadPool(resetThreads,
        r -> daemonThread(r, prefix + "-reset-" + n.incrementAndGet()));
    ExecutorService io = Executors.newSingleThreadExecutor(r -> daemonThread(r, prefix + "-journal"));
    return new LeaseThreads(scheduler, resets, io, () -> {
      scheduler.close();
      resets.shutdown();
      io.shutdown();
      try {
        if (!resets.awaitTermination(5, TimeUnit.SECONDS)) {
          resets.shutdownNow();
        }
        io.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        resets.shutdownNow();
        Thread.currentThread().interrupt();
      }
    });
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Executor resets() {
    return resets;
  }

  public Executor io() {
    return io;
  }

  /** Stops the threads {@link #start} made; a no-op for {@link #of}. */
  @Override
  public void close() {
    shutdown.run();
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
