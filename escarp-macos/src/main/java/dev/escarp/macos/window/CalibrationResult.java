package dev.escarp.macos.window;

import java.util.Objects;

/** What calibrating a slot's window came to. */
public sealed interface CalibrationResult
    permits CalibrationResult.Calibrated, CalibrationResult.Failed, CalibrationResult.Unavailable {

  /** Found and saved; {@code drift} is how far the OS frame was from CDP's, in points. */
  record Calibrated(SlotWindowIdentity identity, int drift) implements CalibrationResult {
    public Calibrated {
      Objects.requireNonNull(identity, "identity");
    }
  }

  record Failed(int slot, String reason) implements CalibrationResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** No window system here (not macOS). */
  record Unavailable(String reason) implements CalibrationResult {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
