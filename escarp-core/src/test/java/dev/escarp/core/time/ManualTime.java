package dev.escarp.core.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock and scheduler that move only when a test says so: {@link #advance} runs every task that
 * has come due, in deadline order, on the calling thread. Expiry tests never sleep.
 */
public final class ManualTime implements Clock, Scheduler {

  private long nanos = 1_000_000_000L;
  private long epochMillis = 1_800_000_000_000L;
  private long sequence;
  private final List<Task> tasks = new ArrayList<>();

  private record Task(long due, long seq, Runnable action, boolean[] cancelled) {}

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized long epochMillis() {
    return epochMillis;
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, long delayNanos) {
    boolean[] cancelled = {false};
    tasks.add(new Task(nanos + Math.max(0, delayNanos), sequence++, task, cancelled));
    return () -> {
      synchronized (ManualTime.this) {
        cancelled[0] = true;
      }
    };
  }

  /** Moves time forward, running each task when its deadline is reached. */
  public void advance(Duration by) {
    long target;
    synchronized (this) {
      target = nanos + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        tasks.removeIf(t -> t.cancelled[0]);
        next = tasks.stream()
            .filter(t -> t.due <= target)
            .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq))
            .orElse(null);
        if (next == null) {
          epochMillis += (target - nanos) / 1_000_000;
          nanos = target;
          return;
        }
        tasks.remove(next);
        epochMillis += (next.due - nanos) / 1_000_000;
        nanos = Math.max(nanos, next.due);
      }
      next.action.run();
    }
  }

  /** Moves time forward without running anything: a timer that fires late. */
  public synchronized void advanceWithoutRunningTasks(Duration by) {
    nanos += by.toNanos();
    epochMillis += by.toMillis();
  }

  /** How many tasks wait to run. */
  public synchronized int pendingTasks() {
    tasks.removeIf(t -> t.cancelled[0]);
    return tasks.size();
  }

  @Override
  public void close() {}
}
