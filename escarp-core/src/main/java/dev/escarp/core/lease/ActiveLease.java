package dev.escarp.core.lease;

import dev.escarp.core.time.Scheduler.Cancellable;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** A lease while it lasts. Guarded by the table's lock, except {@link #ended}, a future. */
final class ActiveLease {

  final LeaseToken token;
  final String holder;
  final OptionalInt devPort;
  final long acquiredAtMillis;
  final LeaseIdentity identity;
  /** The public id: random, unrelated to the token, journalled so a restart keeps it. */
  final String leaseId;
  final CompletableFuture<LeaseEnd> ended = new CompletableFuture<>();
  long lastHeartbeatMillis;
  /** Monotonic: deadlines never follow the wall clock. */
  long lastHeartbeatNanos;
  long deadlineNanos;
  Cancellable expiryTimer = () -> {};

  ActiveLease(LeaseToken token, String holder, OptionalInt devPort, long acquiredAtMillis, LeaseIdentity identity,
      String leaseId) {
    this.identity = identity;
    this.leaseId = leaseId;
    this.token = token;
    this.holder = holder;
    this.devPort = devPort;
    this.acquiredAtMillis = acquiredAtMillis;
  }
}
