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
  final CompletableFuture<LeaseEnd> ended = new CompletableFuture<>();
  long lastHeartbeatMillis;
  /** Monotonic: deadlines never follow the wall clock. */
  long lastHeartbeatNanos;
  long deadlineNanos;
  Cancellable expiryTimer = () -> {};

  ActiveLease(LeaseToken token, String holder, OptionalInt devPort, long acquiredAtMillis, LeaseIdentity identity) {
    this.identity = identity;
    this.token = token;
    this.holder = holder;
    this.devPort = devPort;
    this.acquiredAtMillis = acquiredAtMillis;
  }
}
