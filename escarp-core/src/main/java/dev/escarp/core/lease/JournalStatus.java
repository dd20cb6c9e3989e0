package dev.escarp.core.lease;

import java.util.Optional;

/**
 * The lease journal's health: {@code failing} says why the last write failed, while writes fail
 * (acquire and release are then refused); {@code failures} counts failed writes since start.
 */
public record JournalStatus(Optional<String> failing, long failures) {

  public boolean writable() {
    return failing.isEmpty();
  }
}
