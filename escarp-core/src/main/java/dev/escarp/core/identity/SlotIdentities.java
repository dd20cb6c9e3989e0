package dev.escarp.core.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Each slot's OS identity for its public records, from the installed {@link SlotIdentityProvider}s
 * (null fields where there is none, as on Linux today). The daemon and the MCP shim's embedded mode
 * both build records from it, so the two agree.
 *
 * <p>A slot's identity is read at most once per refresh interval. With a refresh executor (the
 * daemon's), a stale reading is answered at once and re-read on that executor, so a Netty event
 * loop that renders a record never waits on a file; only a slot's very first reading is read on the
 * caller's thread, and the daemon takes those at start ({@link #warm}).
 */
public final class SlotIdentities {

  /**
   * The identity fields every slot and lease record carries, in wire order, installed provider or
   * not: they are part of the wire contract (escarp-api.md, "window identity" and "CUA app identity").
   */
  public static final List<String> FIELDS = List.of("os_window_id", "owner_pid", "bounds", "cdp_window_id",
      "cdp_target_id", "calibration_note", "cua_app_bundle_id", "cua_app_path", "cua_app_name");

  private final EscarpHome home;
  private final List<SlotIdentityProvider> providers;
  private final List<String> fields;
  private final long refreshNanos;
  private final Clock clock;
  private final Map<Integer, Reading> readings = new ConcurrentHashMap<>();
  private final Optional<Executor> refresher;
  private final Set<Integer> refreshing = ConcurrentHashMap.newKeySet();

  /** Reads a stale slot on the caller's thread. */
  public SlotIdentities(EscarpHome home, List<SlotIdentityProvider> providers, Duration refresh, Clock clock) {
    this(home, providers, refresh, clock, Optional.empty());
  }

  /** Answers a stale slot from its last reading and re-reads it on {@code refresher}, if given. */
  public SlotIdentities(EscarpHome home, List<SlotIdentityProvider> providers, Duration refresh, Clock clock,
      Optional<Executor> refresher) {
    this.home = Objects.requireNonNull(home, "home");
    this.providers = List.copyOf(providers);
    if (refresh.isNegative()) {
      throw new IllegalArgumentException("refresh must not be negative, got " + refresh);
    }
    this.refreshNanos = refresh.toNanos();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refresher = Objects.requireNonNull(refresher, "refresher");
    List<String> all = new ArrayList<>(FIELDS);
    this.providers.forEach(p -> p.fields().stream().filter(f -> !all.contains(f)).forEach(all::add));
    this.fields = List.copyOf(all);
  }

  /** The providers on the class path (or module path), on the system clock. */
  public static SlotIdentities load(EscarpHome home, Duration refresh) {
    return new SlotIdentities(home, installedProviders(), refresh, Clock.system());
  }

  /** The providers on the class path (or module path); stale slots are re-read on {@code refresher}. */
  public static SlotIdentities load(EscarpHome home, Duration refresh, Executor refresher) {
    return new SlotIdentities(home, installedProviders(), refresh, Clock.system(), Optional.of(refresher));
  }

  private static List<SlotIdentityProvider> installedProviders() {
    List<SlotIdentityProvider> found = new ArrayList<>();
    ServiceLoader.load(SlotIdentityProvider.class).forEach(found::add);
    return found;
  }

  /** Takes each slot's first reading now, on this thread. */
  public void warm(Collection<Integer> slots) {
    slots.forEach(this::fields);
  }

  /** The record fields, in wire order: {@link #FIELDS}, then any a provider adds. */
  public List<String> fieldNames() {
    return fields;
  }

  /** Every identity field of the slot, in wire order; values are null where unknown. */
  public Map<String, Object> fields(int slot) {
    long now = clock.nanoTime();
    Reading last = readings.get(slot);
    if (last != null && now - last.readAtNanos() < refreshNanos) {
      return last.fields();
    }
    if (last != null && refresher.isPresent()) {
      refreshLater(slot, refresher.get());
      return last.fields();
    }
    Reading fresh = new Reading(read(slot), now);
    readings.put(slot, fresh);
    return fresh.fields();
  }

  private void refreshLater(int slot, Executor executor) {
    if (!refreshing.add(slot)) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          readings.put(slot, new Reading(read(slot), clock.nanoTime()));
        } finally {
          refreshing.remove(slot);
        }
      });
    } catch (RejectedExecutionException e) {
      refreshing.remove(slot); // shutting down: the last reading stands
    }
  }

  /** Sets every identity field of the slot on a JSON record (null where unknown). */
  public void putInto(ObjectNode record, int slot) {
    fields(slot).forEach((field, value) -> record.set(field, JsonTrees.valueOf(value)));
  }

  private Map<String, Object> read(int slot) {
    Map<String, Object> values = new LinkedHashMap<>();
    fields.forEach(f -> values.put(f, null));
    for (SlotIdentityProvider provider : providers) {
      provider.read(home, slot).forEach((field, value) -> {
        if (values.containsKey(field) && value != null) {
          values.put(field, value);
        }
      });
    }
    return Collections.unmodifiableMap(values);
  }

  private record Reading(Map<String, Object> fields, long readAtNanos) {}
}
