package dev.escarp.cdp.reset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How thoroughly a slot's browser is returned between holders. */
public enum ResetPolicy {

  /**
   * The default: open a fresh {@code about:blank} page first (so the window never drops to zero
   * tabs), then close every other page. Cookies, storage and cache survive.
   */
  TABS,

  /** {@link #TABS}, then cookies, storage of every origin, the HTTP cache and extra browser contexts go too. */
  CLEAN;

  /** {@code tabs} or {@code clean}, any case; anything else is rejected with the accepted names. */
  public static ResetPolicy parse(String name) {
    for (ResetPolicy policy : values()) {
      if (policy.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown reset policy '" + name + "'; expected one of "
            + Arrays.stream(values()).map(ResetPolicy::wireName).collect(Collectors.joining(", ")));
  }

  /** The lower-case name used in configuration and on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
