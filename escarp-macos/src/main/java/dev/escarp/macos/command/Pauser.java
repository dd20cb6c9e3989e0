package dev.escarp.macos.command;

import java.time.Duration;

/**
 * Waits between polls (an app quitting, a window server catching up). Injected so tests poll
 * without sleeping.
 */
@FunctionalInterface
public interface Pauser {

  /** Waits about {@code duration}; returns false when interrupted (the interrupt flag is kept). */
  boolean pause(Duration duration);

  /** {@link Thread#sleep}. */
  static Pauser sleeping() {
    return duration -> {
      try {
        Thread.sleep(duration.toMillis());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }
}
