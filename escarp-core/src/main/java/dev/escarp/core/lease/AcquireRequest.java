package dev.escarp.core.lease;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a caller asks of {@link LeaseTable#acquire}: a holder name, optionally a particular slot
 * (else the lowest free one), optionally a dev port to record with the lease.
 */
public record AcquireRequest(String holder, OptionalInt slot, OptionalInt devPort) {

  public AcquireRequest {
    Objects.requireNonNull(holder, "holder");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(devPort, "devPort");
    if (slot.isPresent() && slot.getAsInt() < 0) {
      throw new IllegalArgumentException("slot must be >= 0, got " + slot.getAsInt());
    }
    if (devPort.isPresent() && (devPort.getAsInt() < 1 || devPort.getAsInt() > 65535)) {
      throw new IllegalArgumentException("dev_port must be in 1..65535, got " + devPort.getAsInt());
    }
  }

  public static AcquireRequest anySlot(String holder) {
    return new AcquireRequest(holder, OptionalInt.empty(), OptionalInt.empty());
  }

  public static AcquireRequest forSlot(String holder, int slot) {
    return new AcquireRequest(holder, OptionalInt.of(slot), OptionalInt.empty());
  }

  public AcquireRequest withDevPort(int port) {
    return new AcquireRequest(holder, slot, OptionalInt.of(port));
  }
}
