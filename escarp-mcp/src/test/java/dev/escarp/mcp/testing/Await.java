package dev.escarp.mcp.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for a condition every 20 ms, for the few assertions that are about time. */
public final class Await {

  private Await() {}

  /**
   * Polls {@code condition} every 20 ms and returns how long after {@code sinceNanos} (a {@link
   * System#nanoTime()}) it first held; gives up with an error after {@code giveUpAfter}.
   */
  public static Duration until(long sinceNanos, BooleanSupplier condition, Duration giveUpAfter, String what)
      throws InterruptedException {
    long giveUp = sinceNanos + giveUpAfter.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError(what + " did not happen within " + giveUpAfter.toMillis() + " ms");
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

  public static void until(BooleanSupplier condition, Duration giveUpAfter, String what) throws InterruptedException {
    until(System.nanoTime(), condition, giveUpAfter, what);
  }
}
