package dev.escarp.macos.window;

import java.util.Objects;

/**
 * A browser window as CDP describes it ({@code Browser.getWindowForTarget}).
 *
 * @param windowId CDP's window id (not the OS's)
 * @param state {@code normal}, {@code minimized}, {@code maximized} or {@code fullscreen}
 */
public record CdpWindow(long windowId, Bounds bounds, String state) {

  public CdpWindow {
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(state, "state");
  }
}
