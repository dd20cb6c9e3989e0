package dev.escarp.macos.window;

import java.util.List;
import java.util.Optional;

/** Which window has keyboard focus, read from the window list. */
final class KeyWindows {

  private KeyWindows() {}

  /**
   * The key window of the app {@code pid}: its frontmost ordinary on-screen window. The window
   * server lists windows front to back, and an app's key window is its front one.
   */
  static Optional<WindowInfo> keyWindowOf(List<WindowInfo> frontToBack, long pid) {
    return frontToBack.stream().filter(w -> w.ownerPid() == pid && w.isAppWindow() && w.onScreen()).findFirst();
  }

  static Optional<WindowInfo> byId(List<WindowInfo> windows, long windowId) {
    return windows.stream().filter(w -> w.windowId() == windowId).findFirst();
  }
}
