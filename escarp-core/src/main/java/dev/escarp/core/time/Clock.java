package dev.escarp.core.time;

/**
 * escarp's source of time. Deadlines use the monotonic {@link #nanoTime()}; the wall clock
 * ({@link #epochMillis()}) is only for the epoch-second fields shown to people and for journal
 * entries that must survive a restart. Tests inject a fake that they advance by hand.
 */
public interface Clock {

  /** Monotonic nanoseconds, comparable only within one process. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch. */
  long epochMillis();

  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
