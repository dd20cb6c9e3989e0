package dev.escarp.macos.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What terminating a slot's app came to.
 *
 * @param wasRunning whether any process ran from the bundle when we looked
 * @param stopped whether none does now
 * @param forced whether it took signals after the polite {@code quit}
 * @param notes what went wrong on the way (a tool missing, a quit refused)
 */
public record TerminateResult(
    int slot, String bundleId, boolean wasRunning, boolean stopped, boolean forced, List<String> notes) {

  public TerminateResult {
    Objects.requireNonNull(bundleId, "bundleId");
    notes = List.copyOf(notes);
  }
}
