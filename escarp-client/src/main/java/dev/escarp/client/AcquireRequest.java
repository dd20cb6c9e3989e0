package dev.escarp.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code POST /acquire}: who asks, and optionally which slot, which dev port, how long to wait. */
public record AcquireRequest(String holder, OptionalInt slot, OptionalInt devPort,
    Optional<Duration> maxWait) {

  public AcquireRequest {
    Objects.requireNonNull(holder, "holder");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(devPort, "devPort");
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isPresent() && maxWait.get().isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait.get());
    }
  }

  /** The lowest free slot, now or never. */
  public static AcquireRequest forHolder(String holder) {
    return new AcquireRequest(holder, OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
  }

  public AcquireRequest withSlot(int index) {
    return new AcquireRequest(holder, OptionalInt.of(index), devPort, maxWait);
  }

  public AcquireRequest withDevPort(int port) {
    return new AcquireRequest(holder, slot, OptionalInt.of(port), maxWait);
  }

  public AcquireRequest withWait(Duration duration) {
    return new AcquireRequest(holder, slot, devPort, Optional.of(duration));
  }
}
