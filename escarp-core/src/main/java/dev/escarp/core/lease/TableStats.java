package dev.escarp.core.lease;

import java.util.Map;

/**
 * A moment's counts of a {@link LeaseTable}: gauges (slots, leased, waiting, and waiting by
 * client) and totals since start.
 */
public record TableStats(int slots, int leased, int waiting, long expiredTotal,
    long resetsSucceeded, long resetsFailed, Map<String, Integer> waitingByClient) {

  public TableStats {
    waitingByClient = Map.copyOf(waitingByClient);
  }

  public TableStats(int slots, int leased, int waiting, long expiredTotal, long resetsSucceeded, long resetsFailed) {
    this(slots, leased, waiting, expiredTotal, resetsSucceeded, resetsFailed, Map.of());
  }
}
