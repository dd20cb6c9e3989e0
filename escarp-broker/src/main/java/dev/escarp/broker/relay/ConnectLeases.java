package dev.escarp.broker.relay;

import dev.escarp.broker.clients.QuotaRefusals;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.routes.ProfileAcquire;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.AcquireResult;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.time.Scheduler;
import dev.escarp.core.time.Scheduler.Cancellable;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Connect-to-lease: {@code /connect/<holder>} acquires a lease for that holder on first use (logged
 * in with {@code ?profile=NAME} when asked) and
 * reuses it while it lasts. The lease lives while any of its relayed connections is open (kept
 * alive by heartbeats while they are) and is released {@code grace} after the last one closes,
 * so a client that reconnects keeps its browser and one that is gone gives it back.
 */
final class ConnectLeases {

  /**
   * What the connect URL's query asks for (a slot, a wait, an auth profile to start logged in
   * with), and the client the request came from.
   */
  record Options(OptionalInt slot, Duration maxWait, Optional<String> profile, Optional<String> client) {}

  private final LeaseTable table;
  private final RelayRegistry registry;
  private final Executor blocking;
  private final Scheduler scheduler;
  private final Duration grace;
  private final ProfileAcquire profiles;
  private final ConcurrentHashMap<String, CompletableFuture<RelayLease>> byHolder = new ConcurrentHashMap<>();

  ConnectLeases(LeaseTable table, RelayRegistry registry, Executor blocking, Scheduler scheduler, Duration grace,
      ProfileAcquire profiles) {
    this.profiles = profiles;
    this.table = table;
    this.registry = registry;
    this.blocking = blocking;
    this.scheduler = scheduler;
    this.grace = grace;
  }

  /** The holder's connect lease: the one it has, or a new one (waiting up to the options' wait). */
  CompletableFuture<RelayLease> join(String holder, Options options) {
    // One client's connect lease is never another's, whatever the holder name.
    String key = options.client().map(c -> c + "\u0000" + holder).orElse(holder);
    while (true) {
      CompletableFuture<RelayLease> existing = byHolder.get(key);
      if (existing != null) {
        if (!existing.isDone() || (!existing.isCompletedExceptionally() && !existing.join().ended())) {
          return existing;
        }
        byHolder.remove(key, existing);
        continue;
      }
      CompletableFuture<RelayLease> mine = new CompletableFuture<>();
      if (byHolder.putIfAbsent(key, mine) == null) {
        acquire(key, holder, options, mine);
        return mine;
      }
    }
  }

  private void acquire(String key, String holder, Options options, CompletableFuture<RelayLease> mine) {
    AcquireRequest request;
    try {
      LeaseIdentity identity = options.profile().map(LeaseIdentity::delegated).orElse(table.defaultIdentity());
      request = new AcquireRequest(holder, options.slot(), OptionalInt.empty(), Optional.of(options.maxWait()),
          Optional.of(options.client().map(identity::withClient).orElse(identity)));
    } catch (IllegalArgumentException e) {
      byHolder.remove(key, mine);
      mine.completeExceptionally(ApiException.badField(e.getMessage()));
      return;
    }
    CompletableFuture<AcquireResult> leased = options.profile().isPresent()
        ? profiles.acquire(request, options.profile().get(), options.maxWait())
        : CompletableFuture.supplyAsync(() -> table.acquire(request, options.maxWait()), blocking).thenCompose(f -> f);
    leased
        .whenComplete((result, failure) -> {
          if (result instanceof AcquireResult.Granted granted) {
            RelayLease lease = registry.register(granted.lease());
            keep(key, lease, mine);
            mine.complete(lease);
            return;
          }
          byHolder.remove(key, mine);
          mine.completeExceptionally(failure != null ? failure : refusal(result));
        });
  }

  private void keep(String key, RelayLease lease, CompletableFuture<RelayLease> mine) {
    Keeper keeper = new Keeper(lease);
    lease.onConnectionsChanged(keeper::connections);
    table.whenEnded(lease.token).ifPresent(ended -> ended.thenRun(() -> {
      keeper.stop();
      byHolder.remove(key, mine);
    }));
    keeper.connections(lease.openConnections()); // none yet: the grace runs until the first connects
  }

  private static ApiException refusal(AcquireResult result) {
    if (result instanceof AcquireResult.PoolExhausted full) {
      return new ApiException(409, "pool_exhausted", "all " + full.snapshot().poolSize()
          + " slots are taken; add ?wait_s=N to the connect URL to wait for one");
    }
    if (result instanceof AcquireResult.SlotTaken taken) {
      return new ApiException(409, "slot_leased", "slot " + taken.slot() + " is not free");
    }
    if (result instanceof AcquireResult.UnknownSlot unknown) {
      return new ApiException(404, "unknown_slot", "slot " + unknown.slot() + " is not in the pool");
    }
    if (result instanceof AcquireResult.QuotaExceeded over) {
      return QuotaRefusals.of(over);
    }
    return new ApiException(507, "journal_unwritable", "no lease was granted: the lease journal cannot be written");
  }

  /** Times one connect lease: heartbeats while connections are open, the grace once none are. */
  private final class Keeper {
    private final RelayLease lease;
    private final long beatEveryNanos;
    // Guarded by this.
    private Cancellable graceTimer = () -> {};
    private Cancellable beatTimer = () -> {};
    private boolean stopped;

    Keeper(RelayLease lease) {
      this.lease = lease;
      this.beatEveryNanos = Math.max(1, table.leaseTtl().toNanos() / 3);
    }

    synchronized void connections(int open) {
      if (stopped) {
        return;
      }
      graceTimer.cancel();
      beatTimer.cancel();
      if (open == 0) {
        graceTimer = scheduler.schedule(this::graceOver, grace.toNanos());
      } else {
        beatTimer = scheduler.schedule(this::beat, beatEveryNanos);
      }
    }

    private void graceOver() {
      if (lease.openConnections() == 0 && !lease.ended()) {
        blocking.execute(() -> table.release(lease.token));
      }
    }

    private void beat() {
      blocking.execute(() -> table.heartbeat(lease.token));
      synchronized (this) {
        if (!stopped && lease.openConnections() > 0) {
          beatTimer = scheduler.schedule(this::beat, beatEveryNanos);
        }
      }
    }

    synchronized void stop() {
      stopped = true;
      graceTimer.cancel();
      beatTimer.cancel();
    }
  }
}
