package dev.escarp.mcp.session;

import java.time.Duration;

/** Runs a lease's heartbeat repeatedly. A seam so tests can beat by hand instead of sleeping. */
@FunctionalInterface
public interface HeartbeatScheduler {

  /** Runs {@code beat} every {@code interval}, the first time one interval from now. */
  Scheduled every(Duration interval, Runnable beat);

  /** A repeating task; {@link #cancel()} stops it (a beat already running finishes). */
  @FunctionalInterface
  interface Scheduled {
    void cancel();
  }
}
