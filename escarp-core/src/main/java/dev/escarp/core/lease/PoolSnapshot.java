package dev.escarp.core.lease;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every slot of the pool at one instant, ordered by index. */
public record PoolSnapshot(Duration leaseTtl, Duration reclaimDelay, List<SlotSnapshot> slots) {

  public PoolSnapshot {
    slots = List.copyOf(slots);
  }

  public int poolSize() {
    return slots.size();
  }

  public Optional<SlotSnapshot> slot(int index) {
    return slots.stream().filter(s -> s.index() == index).findFirst();
  }
}
