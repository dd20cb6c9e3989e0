package dev.escarp.core.slot;

import java.util.Optional;

/**
 * Whether a slot's browser answers right now, asked just before the slot is handed out. escarp's
 * daemon implements it with a probe of {@code GET /json/version} on the slot's CDP port; a slot
 * that does not answer is not handed out, the next one is tried, and the slot is marked unhealthy
 * with the reason given (the health sweep brings it back once it answers again).
 *
 * <p>Thread rules: called from the thread that asked for a lease (the daemon's blocking executor)
 * or from the lease table's reset executor, never while a lease-table lock is held, never on an
 * event loop. It may block briefly on I/O; keep it short (a probe on loopback takes about a
 * millisecond) and bounded by a timeout.
 */
@FunctionalInterface
public interface SlotReadiness {

  /** Empty when the slot's browser answers now; otherwise why it does not. Never throws. */
  Optional<String> problem(Slot slot);

  /** Every slot is ready: for embedders that check their browsers themselves, and tests. */
  static SlotReadiness always() {
    return slot -> Optional.empty();
  }
}
