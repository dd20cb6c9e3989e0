package dev.escarp.cdp.launch;

/** Whether browsers get a window. */
public enum Display {
  /** Headless on Linux without {@code DISPLAY} and {@code WAYLAND_DISPLAY}; headed otherwise. */
  AUTO,
  HEADLESS,
  HEADED
}
