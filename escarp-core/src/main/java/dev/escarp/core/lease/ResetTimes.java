package dev.escarp.core.lease;

import dev.escarp.core.time.Clock;

/**
 * How long resets take: a moving average of recent reset durations, and from it the expected rest
 * of a reset in progress, which is what a resetting slot advises as its {@code retry_after_s}.
 * Guarded by the table's lock.
 */
final class ResetTimes {

  /** The guess before any reset was measured: resets take tens of ms. */
  static final double INITIAL_SECONDS = 0.1;
  /** Never advise less than this: a reset that overran its average is still running. */
  static final double MIN_LEFT_SECONDS = 0.01;
  private static final double WEIGHT = 0.2;

  private final Clock clock;
  private double averageSeconds = INITIAL_SECONDS;
  private boolean measured;

  ResetTimes(Clock clock) {
    this.clock = clock;
  }

  void started(SlotEntry entry) {
    entry.resetStartedNanos = clock.nanoTime();
  }

  /** Adds a finished reset to the average; the first one measured replaces the initial guess. */
  void finished(SlotEntry entry) {
    double took = Math.max(0, clock.nanoTime() - entry.resetStartedNanos) / 1e9;
    averageSeconds = measured ? averageSeconds + WEIGHT * (took - averageSeconds) : took;
    measured = true;
  }

  /** The expected rest of this slot's reset, in seconds; at least {@value #MIN_LEFT_SECONDS}. */
  double expectedLeftSeconds(SlotEntry entry) {
    double elapsed = Math.max(0, clock.nanoTime() - entry.resetStartedNanos) / 1e9;
    return Math.max(MIN_LEFT_SECONDS, averageSeconds - elapsed);
  }
}
