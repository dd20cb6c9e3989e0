package dev.escarp.mcp.lease;

import java.util.Objects;
import java.util.Optional;

/**
 * What releasing a lease did.
 *
 * @param slot the slot given back
 * @param released false when the lease was already gone (then {@code reset} says why)
 * @param reset what happened to the browser: reset here, left to the daemon, or failed
 * @param resetFailed true when the browser could not be reset (the next holder resets it first)
 * @param state the slot's state afterwards, when known
 */
public record ReleaseReport(int slot, boolean released, String reset, boolean resetFailed, Optional<String> state) {

  public ReleaseReport {
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(state, "state");
  }
}
