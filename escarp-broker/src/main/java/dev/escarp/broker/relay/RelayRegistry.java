package dev.escarp.broker.relay;

import dev.escarp.broker.metrics.RelayMetrics;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The leases the relay serves, by secret and by slot. A lease is registered when its holder is
 * given its record (acquire, heartbeat) or, after a daemon restart, when its secret is first
 * used; when the table says it ended, its connections are revoked and its secret forgotten.
 */
final class RelayRegistry {

  private final LeaseTable table;
  private final Executor blocking;
  private final RelayMetrics metrics;
  private final long renewEveryNanos;
  private final java.util.function.Consumer<Lease> firstUse;
  private final ConcurrentHashMap<String, RelayLease> bySecret = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, RelayLease> bySlot = new ConcurrentHashMap<>();

  RelayRegistry(LeaseTable table, Executor blocking, RelayMetrics metrics, long renewEveryNanos) {
    this(table, blocking, metrics, renewEveryNanos, lease -> {});
  }

  /** @param firstUse told when a lease's endpoint is first used (on an event loop: must not block) */
  RelayRegistry(LeaseTable table, Executor blocking, RelayMetrics metrics, long renewEveryNanos,
      java.util.function.Consumer<Lease> firstUse) {
    this.firstUse = firstUse;
    this.table = table;
    this.blocking = blocking;
    this.metrics = metrics;
    this.renewEveryNanos = renewEveryNanos;
  }

  /** The relay's view of an active lease, registered on first sight. */
  RelayLease register(Lease lease) {
    String secret = RelaySecret.of(lease.token());
    RelayLease known = bySecret.get(secret);
    if (known != null) {
      return known;
    }
    LeaseToken token = lease.token();
    RelayLease created = new RelayLease(secret, token, lease.slot(), lease.holder(), renewEveryNanos,
        () -> blocking.execute(() -> table.heartbeat(token)), () -> firstUse.accept(lease));
    Optional<CompletableFuture<LeaseEnd>> ended = table.whenEnded(token);
    if (ended.isEmpty()) {
      created.end(); // ended between the record and now: its secret never works
      return created;
    }
    RelayLease raced = bySecret.putIfAbsent(secret, created);
    if (raced != null) {
      return raced;
    }
    bySlot.put(lease.slot().index(), created);
    ended.get().thenAccept(end -> revoke(created, end.reason()));
    return created;
  }

  /** The active lease with this secret. Leases restored from the journal are found here too. */
  Optional<RelayLease> find(String secret) {
    RelayLease known = bySecret.get(secret);
    if (known != null) {
      return known.ended() ? Optional.empty() : Optional.of(known);
    }
    for (Lease lease : table.activeLeases()) {
      if (RelaySecret.of(lease.token()).equals(secret)) {
        RelayLease found = register(lease);
        return found.ended() ? Optional.empty() : Optional.of(found);
      }
    }
    return Optional.empty();
  }

  Optional<RelayLease> onSlot(int slot) {
    return Optional.ofNullable(bySlot.get(slot));
  }

  private void revoke(RelayLease lease, LeaseEnd.Reason reason) {
    long endedAt = System.nanoTime();
    List<RelayConnection> open = lease.end();
    bySecret.remove(lease.secret, lease);
    bySlot.remove(lease.slot.index(), lease);
    String name = describe(reason);
    metrics.revoked(name, open.size());
    open.forEach(c -> c.revoke(name, endedAt));
  }

  static String describe(LeaseEnd.Reason reason) {
    return switch (reason) {
      case TABLE_CLOSED -> "daemon_stopped";
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }
}
