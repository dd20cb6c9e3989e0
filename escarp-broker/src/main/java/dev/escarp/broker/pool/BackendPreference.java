package dev.escarp.broker.pool;

import dev.escarp.core.slot.Slot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order acquires without a named slot try backends in: {@code local,remote} by default (a
 * local browser is one loopback hop away and escarp heals it); {@code remote,local} prefers the
 * remote ones. {@code ESCARP_BACKEND_PREFERENCE} sets it. A backend left out comes last.
 */
public record BackendPreference(List<String> order) {

  public static final BackendPreference DEFAULT = new BackendPreference(List.of(Slot.LOCAL, Slot.REMOTE));

  public BackendPreference {
    order = List.copyOf(order);
  }

  /** From a comma-separated list such as {@code remote,local}; blank means the default. */
  public static BackendPreference parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT;
    }
    List<String> order = new ArrayList<>();
    for (String part : raw.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      if (!name.equals(Slot.LOCAL) && !name.equals(Slot.REMOTE)) {
        throw new IllegalArgumentException("ESCARP_BACKEND_PREFERENCE must list local and/or remote, "
            + "comma-separated, got '" + raw + "'");
      }
      if (!order.contains(name)) {
        order.add(name);
      }
    }
    return new BackendPreference(order);
  }

  /** Slots of preferred backends first; the lease table breaks ties by index. */
  public Comparator<Slot> comparator() {
    return Comparator.comparingInt(slot -> {
      int rank = order.indexOf(slot.backend());
      return rank < 0 ? order.size() : rank;
    });
  }
}
