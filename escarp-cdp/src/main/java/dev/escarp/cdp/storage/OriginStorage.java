package dev.escarp.cdp.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One origin's localStorage, as Playwright's {@code storageState} lists it; items in their order. */
public record OriginStorage(String origin, Map<String, String> localStorage) {

  public OriginStorage {
    Objects.requireNonNull(origin, "origin");
    localStorage = Collections.unmodifiableMap(new LinkedHashMap<>(localStorage));
  }

  /** Never the values. */
  @Override
  public String toString() {
    return "OriginStorage[" + origin + ", " + localStorage.size() + " item(s)]";
  }
}
