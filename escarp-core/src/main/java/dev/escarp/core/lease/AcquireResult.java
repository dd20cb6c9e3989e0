package dev.escarp.core.lease;

import java.time.Duration;
import java.util.Optional;

/** The outcome of an acquire. A full pool is an outcome, not an exception. */
public sealed interface AcquireResult {

  /** The caller holds this lease now. */
  record Granted(Lease lease) implements AcquireResult {}

  /** No slot was free (or none freed up within the wait). */
  record PoolExhausted(PoolSnapshot snapshot) implements AcquireResult {}

  /** The named slot is not free: leased, held externally, resetting or unhealthy. */
  record SlotTaken(int slot, SlotState state) implements AcquireResult {}

  /**
   * The lease journal could not be written, so nothing was granted (a grant made in memory was
   * taken back). {@code problem} says why; it never holds a token.
   */
  record NotSaved(String problem) implements AcquireResult {}

  /** The named slot is not in the pool. */
  record UnknownSlot(int slot) implements AcquireResult {}

  /**
   * A limit of {@link AdmissionLimits} refused the request: {@code limit} is {@code leases} (the
   * client holds its most), {@code waiting} (its most are waiting) or {@code waiting_total} (the
   * table's most are waiting). {@code retryAfter} is when trying again could help: the soonest
   * end of one of the client's leases, else a second.
   */
  record QuotaExceeded(Optional<String> client, String limit, int max, Duration retryAfter)
      implements AcquireResult {}
}
