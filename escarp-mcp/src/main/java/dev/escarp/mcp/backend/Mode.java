package dev.escarp.mcp.backend;

import java.util.Locale;

/** Where leases come from: {@code auto} (the daemon when one serves, else embedded), or forced. */
public enum Mode {
  AUTO,
  DAEMON,
  EMBEDDED;

  /** {@code auto}, {@code daemon} or {@code embedded}, any case; anything else names the choices. */
  public static Mode parse(String text) {
    for (Mode mode : values()) {
      if (mode.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + text + "'; expected auto, daemon or embedded");
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
