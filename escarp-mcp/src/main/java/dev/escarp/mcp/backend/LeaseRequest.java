package dev.escarp.mcp.backend;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@code escarp_acquire} asks a backend for.
 *
 * @param holder who holds the lease, as status shows it
 * @param slot a named slot, or the lowest free one when empty
 * @param devPort the dev server port the holder declares (shown in status; the daemon records it)
 * @param maxWait how long to wait for a free slot; zero answers at once
 */
public record LeaseRequest(String holder, OptionalInt slot, OptionalInt devPort, Duration maxWait) {

  public LeaseRequest {
    Objects.requireNonNull(holder, "holder");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(devPort, "devPort");
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
    }
  }
}
