package dev.escarp.cdp.reset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a reset gets to its policy's result; both verify it before the slot is lent again. */
public enum ResetStrategy {

  /**
   * The escarp 1.x way, every time: open a fresh {@code about:blank} tab, close every other page.
   * A new tab costs the browser a new renderer process.
   */
  FULL,

  /**
   * The default: when the holder left only the tab the last reset left, and no navigation has
   * committed in it since (its one history entry is the same one), reuse it: navigate it to a fresh
   * {@code about:blank} document and reset its history (plus the {@code clean} wipe). Anything else,
   * or a result that does not verify, falls back to {@link #FULL}.
   */
  REUSE;

  /** {@code full} or {@code reuse}, any case; anything else is rejected with the accepted names. */
  public static ResetStrategy parse(String name) {
    for (ResetStrategy strategy : values()) {
      if (strategy.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "unknown reset strategy '" + name + "'; expected one of "
            + Arrays.stream(values()).map(ResetStrategy::wireName).collect(Collectors.joining(", ")));
  }

  /** The lower-case name used in configuration. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
