package dev.escarp.broker.console;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who drives which slot's page from the console right now: the {@code controlled_by} of the slot
 * records. Made before the records and the console, which both read it. Thread-safe.
 */
public final class Controllers {

  private final ConcurrentHashMap<Integer, String> bySlot = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** The name of whoever controls the slot's page; empty while the agent drives. */
  public Optional<String> of(int slot) {
    return Optional.ofNullable(bySlot.get(slot));
  }

  void set(int slot, String name) {
    bySlot.put(slot, name);
    listeners.forEach(Runnable::run);
  }

  void clear(int slot) {
    if (bySlot.remove(slot) != null) {
      listeners.forEach(Runnable::run);
    }
  }

  /** Told after each change; must not block. */
  void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
