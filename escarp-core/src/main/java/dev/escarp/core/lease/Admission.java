package dev.escarp.core.lease;

import dev.escarp.core.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Applies {@link AdmissionLimits}: a client at its most leases is refused at once (and its waiting
 * acquires are passed over until one of its leases ends); a wait beyond the client's or the
 * table's most waiters is refused. Guarded by the table's lock: called with it held.
 */
final class Admission {

  private static final Duration MIN_RETRY = Duration.ofSeconds(1);

  private final AdmissionLimits limits;
  private final SlotBook book;
  private final Clock clock;

  Admission(AdmissionLimits limits, SlotBook book, Clock clock) {
    this.limits = limits;
    this.book = book;
    this.clock = clock;
  }

  /** A refusal when the request's client already holds its most leases. Lock held. */
  Optional<AcquireResult> leaseLimit(AcquireRequest request) {
    Optional<String> client = request.client();
    OptionalInt max = client.map(limits::maxLeases).orElse(OptionalInt.empty());
    if (max.isEmpty()) {
      return Optional.empty();
    }
    int held = 0;
    long soonestNanos = Long.MAX_VALUE;
    for (SlotEntry entry : book.entries()) {
      ActiveLease lease = entry.lease;
      if (lease != null && lease.identity.client().equals(client)) {
        held++;
        soonestNanos = Math.min(soonestNanos, lease.deadlineNanos);
      }
    }
    if (held < max.getAsInt()) {
      return Optional.empty();
    }
    Duration left = soonestNanos == Long.MAX_VALUE ? MIN_RETRY
        : Duration.ofNanos(Math.max(0, soonestNanos - clock.nanoTime()));
    return Optional.of(new AcquireResult.QuotaExceeded(client, "leases", max.getAsInt(),
        left.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : left));
  }

  boolean mayLease(AcquireRequest request) {
    return leaseLimit(request).isEmpty();
  }

  /** A refusal when one more waiter would be over the client's or the table's most. Lock held. */
  Optional<AcquireResult> waitLimit(AcquireRequest request, WaitQueue waits) {
    Optional<String> client = request.client();
    OptionalInt mine = client.map(limits::maxWaiting).orElse(OptionalInt.empty());
    if (mine.isPresent() && waits.countOf(client.get()) >= mine.getAsInt()) {
      return Optional.of(new AcquireResult.QuotaExceeded(client, "waiting", mine.getAsInt(), MIN_RETRY));
    }
    OptionalInt total = limits.maxWaitingTotal();
    if (total.isPresent() && waits.size() >= total.getAsInt()) {
      return Optional.of(new AcquireResult.QuotaExceeded(client, "waiting_total", total.getAsInt(), MIN_RETRY));
    }
    return Optional.empty();
  }
}
