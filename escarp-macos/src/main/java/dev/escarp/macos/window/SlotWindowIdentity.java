package dev.escarp.macos.window;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which OS window is a slot's, as calibration found it.
 *
 * @param osWindowId the window server's id ({@code kCGWindowNumber})
 * @param ownerPid the process that owns the window (the browser's main process)
 * @param bounds the frame calibration gave it
 * @param cdpWindowId the same window's id in CDP
 * @param cdpTargetId the page target calibration went through
 * @param calibratedAtMillis wall-clock time of the calibration, for display
 */
public record SlotWindowIdentity(
    int slot, long osWindowId, long ownerPid, Bounds bounds, long cdpWindowId, String cdpTargetId,
    long calibratedAtMillis) {

  public SlotWindowIdentity {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, got " + slot);
    }
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(cdpTargetId, "cdpTargetId");
  }

  /**
   * The slot-record fields of escarp 1.x's wire form: {@code os_window_id}, {@code owner_pid},
   * {@code bounds} ({@code [x, y, w, h]}), {@code cdp_window_id}, {@code cdp_target_id}.
   */
  public Map<String, Object> wireFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("os_window_id", osWindowId);
    fields.put("owner_pid", ownerPid);
    fields.put("bounds", bounds.toList());
    fields.put("cdp_window_id", cdpWindowId);
    fields.put("cdp_target_id", cdpTargetId);
    return fields;
  }
}
