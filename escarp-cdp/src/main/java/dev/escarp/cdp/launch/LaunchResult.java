package dev.escarp.cdp.launch;

import dev.escarp.cdp.discovery.BrowserVersion;
import java.time.Duration;
import java.util.Objects;

/** What launching one slot's browser came to: launched, skipped (already running) or failed. */
public sealed interface LaunchResult
    permits LaunchResult.Launched, LaunchResult.Skipped, LaunchResult.Failed {

  int slot();

  int cdpPort();

  /** A browser was started, detached, and answered {@code /json/version} after {@code took}. */
  record Launched(int slot, int cdpPort, long pid, BrowserVersion version, Duration took) implements LaunchResult {

    public Launched {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(took, "took");
    }
  }

  /** A browser already answered on the slot's port; nothing was started. */
  record Skipped(int slot, int cdpPort, BrowserVersion version) implements LaunchResult {

    public Skipped {
      Objects.requireNonNull(version, "version");
    }
  }

  /**
   * Nothing is running for the slot: the binary is missing, would not start, or never answered
   * (then what was started has been ended).
   */
  record Failed(int slot, int cdpPort, String reason) implements LaunchResult {

    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
