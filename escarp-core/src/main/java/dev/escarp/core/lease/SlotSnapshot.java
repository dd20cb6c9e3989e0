package dev.escarp.core.lease;

import dev.escarp.core.slot.Slot;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A slot's public record at one instant: never carries a lease token.
 *
 * @param holder the lease's holder, or the external holder's name when it wrote one
 * @param holderPid for an {@link SlotState#EXTERNAL} slot, the process holding its flock
 * @param suspectedStale leased, and the last heartbeat is older than half the TTL
 * @param availableAfterSeconds for a leased slot, seconds until expiry plus the reclaim delay; for
 *     a resetting slot, the expected rest of its reset (from a moving average of recent resets);
 *     otherwise 0. Also the advised retry delay
 * @param problem why an unhealthy slot is unhealthy
 * @param identity the lease's tier, profile and reset policy, while leased
 * @param leaseId the lease's public id, while leased
 */
public record SlotSnapshot(
    Slot slot,
    SlotState state,
    Optional<String> holder,
    OptionalLong holderPid,
    OptionalInt devPort,
    Optional<Instant> acquiredAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastHeartbeat,
    boolean suspectedStale,
    double availableAfterSeconds,
    Optional<String> problem,
    Optional<LeaseIdentity> identity,
    Optional<String> leaseId) {

  /** A record without a lease id (as before lease ids). */
  public SlotSnapshot(Slot slot, SlotState state, Optional<String> holder, OptionalLong holderPid,
      OptionalInt devPort, Optional<Instant> acquiredAt, Optional<Instant> expiresAt,
      Optional<Instant> lastHeartbeat, boolean suspectedStale, double availableAfterSeconds,
      Optional<String> problem, Optional<LeaseIdentity> identity) {
    this(slot, state, holder, holderPid, devPort, acquiredAt, expiresAt, lastHeartbeat, suspectedStale,
        availableAfterSeconds, problem, identity, Optional.empty());
  }

  /** A record with no lease identity (not leased, or held by another process). */
  public SlotSnapshot(Slot slot, SlotState state, Optional<String> holder, OptionalLong holderPid,
      OptionalInt devPort, Optional<Instant> acquiredAt, Optional<Instant> expiresAt,
      Optional<Instant> lastHeartbeat, boolean suspectedStale, double availableAfterSeconds,
      Optional<String> problem) {
    this(slot, state, holder, holderPid, devPort, acquiredAt, expiresAt, lastHeartbeat, suspectedStale,
        availableAfterSeconds, problem, Optional.empty(), Optional.empty());
  }

  public int index() {
    return slot.index();
  }

  /** The advised retry delay: the same value as {@link #availableAfterSeconds()}. */
  public double retryAfterSeconds() {
    return availableAfterSeconds;
  }
}
