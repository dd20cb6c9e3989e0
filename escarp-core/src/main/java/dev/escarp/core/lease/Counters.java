package dev.escarp.core.lease;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Totals since start and the ring of the last {@value #REAPED_KEPT} leases ended by expiry.
 * Guarded by the table's lock.
 */
final class Counters {

  static final int REAPED_KEPT = 50;

  private final ArrayDeque<ReapedLease> reaped = new ArrayDeque<>();
  private long expiredTotal;
  private long resetsSucceeded;
  private long resetsFailed;

  void expired(int slot, String holder, String reason, Instant at) {
    expiredTotal++;
    reaped.addLast(new ReapedLease(slot, holder, reason, at));
    while (reaped.size() > REAPED_KEPT) {
      reaped.removeFirst();
    }
  }

  void resetSucceeded() {
    resetsSucceeded++;
  }

  void resetFailed() {
    resetsFailed++;
  }

  List<ReapedLease> reaped() {
    return List.copyOf(reaped);
  }

  TableStats stats(int slots, int leased, int waiting, java.util.Map<String, Integer> waitingByClient) {
    return new TableStats(slots, leased, waiting, expiredTotal, resetsSucceeded, resetsFailed,
        waitingByClient);
  }
}
