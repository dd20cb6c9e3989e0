package dev.escarp.core.lease;

import dev.escarp.core.slot.Slot;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A lease as granted or renewed: the holder's view, token included. An immutable snapshot;
 * heartbeats produce new ones.
 *
 * @param leaseId the lease's public id (see {@link LeaseIds}): not the token, not derived from it;
 *     shown in public records, used by the console and evidence
 */
public record Lease(
    Slot slot,
    String holder,
    LeaseToken token,
    OptionalInt devPort,
    Instant acquiredAt,
    Instant expiresAt,
    Instant lastHeartbeat,
    LeaseIdentity identity,
    String leaseId) {

  @Override
  public String toString() {
    return "Lease[slot=" + slot.index() + ", holder=" + holder + ", expiresAt=" + expiresAt + "]";
  }
}
