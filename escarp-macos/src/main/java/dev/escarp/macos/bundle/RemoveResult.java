package dev.escarp.macos.bundle;

import java.util.Objects;
import java.util.Optional;

/**
 * What removing a slot's bundle came to.
 *
 * @param removed whether a bundle was there and is gone now
 * @param problem why it is still there, if it is
 */
public record RemoveResult(int slot, boolean removed, Optional<String> problem) {

  public RemoveResult {
    Objects.requireNonNull(problem, "problem");
  }
}
