package dev.escarp.core.reset;

import dev.escarp.core.slot.Slot;

/**
 * Returns a slot's browser to a state in which nothing of the previous holder survives. escarp-cdp
 * implements it over the DevTools protocol; tests and embedders may plug in their own.
 *
 * <p>Thread rules: called from escarp's reset threads, never while a lease-table lock is held, and
 * never twice at once for the same slot; different slots may be reset concurrently. It may block
 * on I/O to the browser. Any exception means the reset failed: the slot is then marked unhealthy
 * and is not handed out until it is marked healthy again.
 */
@FunctionalInterface
public interface SlotResetter {

  void reset(Slot slot) throws Exception;

  /**
   * Resets after a lease whose record named this reset policy ({@code tabs} or {@code clean}):
   * a lease may ask for a more thorough reset than the pool's, and a delegated lease is always
   * wiped. A resetter that knows only one way to reset does that ({@link #reset(Slot)}).
   */
  default void reset(Slot slot, String resetPolicy) throws Exception {
    reset(slot);
  }

  /**
   * A resetter that does nothing, so a slot counts as clean whatever its last holder left: only
   * for pools whose holders clean up after themselves, and tests. Never a default; choose it.
   */
  static SlotResetter none() {
    return slot -> {};
  }
}
