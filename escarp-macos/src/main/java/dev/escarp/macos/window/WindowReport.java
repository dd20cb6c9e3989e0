package dev.escarp.macos.window;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A live re-check of a slot's calibrated window ({@code escarp window <slot>}).
 *
 * @param alive whether the window server still lists the window
 * @param ownerMatches whether the same process still owns it (false when the id was reused)
 * @param onScreen whether it is visible (not minimised, hidden, or on another Space)
 * @param currentBounds its frame now
 * @param drift how far that frame is from the calibrated one, in points
 * @param withinTolerance whether the drift is small enough to still call it the same frame
 * @param isKey whether it is the key window of the frontmost app; empty unless asked for ({@code
 *     --verify-key}) and readable
 * @param notes what a person should know, one sentence each
 */
public record WindowReport(
    SlotWindowIdentity identity,
    boolean alive,
    boolean ownerMatches,
    boolean onScreen,
    Optional<Bounds> currentBounds,
    Optional<Integer> drift,
    boolean withinTolerance,
    Optional<Boolean> isKey,
    List<String> notes) {

  public WindowReport {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(currentBounds, "currentBounds");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(isKey, "isKey");
    notes = List.copyOf(notes);
  }

  /** Alive, same owner, frame in place, and key when that was asked for. */
  public boolean verified() {
    return alive && ownerMatches && withinTolerance && isKey.orElse(true);
  }
}
