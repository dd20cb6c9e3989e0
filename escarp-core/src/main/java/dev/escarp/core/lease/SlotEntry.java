package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.slot.Slot;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One slot's mutable state. Guarded by the table's lock: read and write it only while holding
 * it. Null fields mean "none".
 */
final class SlotEntry {

  final Slot slot;
  SlotState state = SlotState.FREE;
  /** The flock the table holds for this slot: while leased, and while resetting. */
  SlotClaim claim;
  /** The lease, while {@link SlotState#LEASED}. */
  ActiveLease lease;
  /** Why the slot is unhealthy. */
  String problem;
  CompletableFuture<SlotState> resetDone = CompletableFuture.completedFuture(SlotState.FREE);
  /** When the current or last reset started, on the table's monotonic clock. */
  long resetStartedNanos;
  /** Who else holds the slot's flock, as last seen; only meaningful while {@code FREE}. */
  Optional<SlotHolder> external = Optional.empty();
  long externalCheckedNanos = Long.MIN_VALUE / 2;

  SlotEntry(Slot slot) {
    this.slot = slot;
  }

  int index() {
    return slot.index();
  }
}
