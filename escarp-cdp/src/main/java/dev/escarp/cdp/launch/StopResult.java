package dev.escarp.cdp.launch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What stopping a slot's browser did.
 *
 * @param slot the slot index
 * @param pids the processes found by the slot's profile-dir signature (and their descendants)
 * @param forced whether any of them needed SIGKILL after the grace period
 * @param survivors processes that outlived SIGKILL too (then the data is kept)
 * @param dataRemoved whether the profile dir was deleted
 * @param problem what went wrong, if anything, for people
 */
public record StopResult(
    int slot, List<Long> pids, boolean forced, List<Long> survivors, boolean dataRemoved, Optional<String> problem) {

  public StopResult {
    pids = List.copyOf(pids);
    survivors = List.copyOf(survivors);
    Objects.requireNonNull(problem, "problem");
  }

  /** Nothing of the slot is left running. */
  public boolean stopped() {
    return survivors.isEmpty();
  }
}
