package dev.escarp.mcp.tools.testing;

import dev.escarp.mcp.session.HeartbeatScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Heartbeats that run when the test says so: no threads, no sleeping. */
public final class ManualHeartbeats implements HeartbeatScheduler {

  private final List<Beat> scheduled = new ArrayList<>();

  @Override
  public synchronized Scheduled every(Duration interval, Runnable beat) {
    Beat b = new Beat(interval, beat);
    scheduled.add(b);
    return () -> b.cancelled = true;
  }

  /** Runs every beat that is still scheduled, once. */
  public void beat() {
    List<Beat> due;
    synchronized (this) {
      due = scheduled.stream().filter(b -> !b.cancelled).toList();
    }
    due.forEach(b -> b.task.run());
  }

  public synchronized List<Duration> activeIntervals() {
    return scheduled.stream().filter(b -> !b.cancelled).map(b -> b.interval).toList();
  }

  private static final class Beat {
    final Duration interval;
    final Runnable task;
    volatile boolean cancelled;

    Beat(Duration interval, Runnable task) {
      this.interval = interval;
      this.task = task;
    }
  }
}
