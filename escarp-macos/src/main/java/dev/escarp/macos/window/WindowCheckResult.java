package dev.escarp.macos.window;

import java.util.Objects;

/** What {@code escarp window <slot>} can say about a slot. */
public sealed interface WindowCheckResult
    permits WindowCheckResult.Checked, WindowCheckResult.NotCalibrated, WindowCheckResult.Failed,
        WindowCheckResult.Unavailable {

  record Checked(WindowReport report) implements WindowCheckResult {
    public Checked {
      Objects.requireNonNull(report, "report");
    }
  }

  /** Nothing recorded for the slot; {@code note} says why (e.g. it runs as a per-slot CUA app). */
  record NotCalibrated(int slot, String note) implements WindowCheckResult {
    public NotCalibrated {
      Objects.requireNonNull(note, "note");
    }
  }

  /** The window list could not be read (a permission, a framework call failing). */
  record Failed(int slot, String reason) implements WindowCheckResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** No window system here (not macOS). */
  record Unavailable(String reason) implements WindowCheckResult {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
