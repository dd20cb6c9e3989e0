package dev.escarp.macos.window;

import java.util.Objects;

/**
 * One OS window as the window server lists it ({@code CGWindowListCopyWindowInfo}).
 *
 * @param windowId {@code kCGWindowNumber}
 * @param ownerPid {@code kCGWindowOwnerPID}: for Chrome, the browser's main process
 * @param ownerName {@code kCGWindowOwnerName}: the app's name (a per-slot bundle's own name)
 * @param layer {@code kCGWindowLayer}: 0 for ordinary app windows; menus, the dock and overlays
 *     sit on other layers
 * @param onScreen {@code kCGWindowIsOnscreen}: false when minimised, hidden or on another Space
 */
public record WindowInfo(long windowId, long ownerPid, String ownerName, Bounds bounds, int layer, boolean onScreen) {

  public WindowInfo {
    Objects.requireNonNull(ownerName, "ownerName");
    Objects.requireNonNull(bounds, "bounds");
  }

  /** An ordinary application window (layer 0), the only kind a browser window can be. */
  public boolean isAppWindow() {
    return layer == 0;
  }
}
