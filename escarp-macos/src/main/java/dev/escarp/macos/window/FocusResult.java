package dev.escarp.macos.window;

import java.util.List;
import java.util.Objects;

/**
 * What {@code escarp focus <slot>} came to. Only {@link Focused} means the slot is in front: it is
 * returned after the window server confirmed it, never on the strength of the commands alone.
 */
public sealed interface FocusResult
    permits FocusResult.Focused, FocusResult.NotVerified, FocusResult.NotCalibrated, FocusResult.Unavailable {

  record Focused(int slot, List<FocusStep> steps) implements FocusResult {
    public Focused {
      steps = List.copyOf(steps);
    }
  }

  /** The commands ran (or some failed) but the slot is not verifiably in front; {@code reason} says what was seen. */
  record NotVerified(int slot, String reason, List<FocusStep> steps) implements FocusResult {
    public NotVerified {
      Objects.requireNonNull(reason, "reason");
      steps = List.copyOf(steps);
    }
  }

  /** Neither a calibrated window nor a per-slot app to bring forward. */
  record NotCalibrated(int slot, String note) implements FocusResult {
    public NotCalibrated {
      Objects.requireNonNull(note, "note");
    }
  }

  /** No window system here (not macOS). */
  record Unavailable(String reason) implements FocusResult {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
