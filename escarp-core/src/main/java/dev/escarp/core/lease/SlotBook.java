package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.time.Clock;
import dev.escarp.core.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The slots and their leases: entries by index, the lease transitions (grant, renew, end), each
 * lease's own expiry timer, and the records read from them. Guarded by the table's lock: every
 * method is called with it held; the expiry callback is handed the entry and must take the lock.
 */
final class SlotBook {

  private final TreeMap<Integer, SlotEntry> slots = new TreeMap<>();
  private final Clock clock;
  private final Scheduler scheduler;
  private final Duration ttl;
  private final long ttlNanos;
  private final Duration reclaimDelay;
  /** A cap on a lease's whole life; {@code Long.MAX_VALUE} when there is none. */
  private final long maxLifeNanos;
  private final SecureRandom random = new SecureRandom();
  private final BiConsumer<SlotEntry, ActiveLease> expiryDue;
  private final ResetTimes resetTimes;
  private final LeaseIdentity defaultIdentity;
  private LeaseObserver observer = LeaseObserver.none();

  SlotBook(List<Slot> initial, Clock clock, Scheduler scheduler, Duration ttl, Duration reclaimDelay,
      Optional<Duration> maxLife, BiConsumer<SlotEntry, ActiveLease> expiryDue, LeaseIdentity defaultIdentity) {
    this.maxLifeNanos = maxLife.map(Duration::toNanos).orElse(Long.MAX_VALUE);
    this.defaultIdentity = defaultIdentity;
    this.clock = clock;
    this.resetTimes = new ResetTimes(clock);
    this.scheduler = scheduler;
    this.ttl = ttl;
    this.ttlNanos = ttl.toNanos();
    this.reclaimDelay = reclaimDelay;
    this.expiryDue = expiryDue;
    initial.forEach(this::add);
  }

  /** Who is told of grants and ends; set once, before the table starts. */
  void observe(LeaseObserver value) {
    this.observer = value;
  }

  LeaseObserver observer() {
    return observer;
  }

  Optional<SlotEntry> get(int index) {
    return Optional.ofNullable(slots.get(index));
  }

  Collection<SlotEntry> entries() {
    return slots.values();
  }

  boolean contains(int index) {
    return slots.containsKey(index);
  }

  SlotEntry add(Slot slot) {
    SlotEntry entry = new SlotEntry(slot);
    slots.put(slot.index(), entry);
    return entry;
  }

  void remove(int index) {
    slots.remove(index);
  }

  /** How long resets take; the reset coordinator times them. */
  ResetTimes resetTimes() {
    return resetTimes;
  }

  int size() {
    return slots.size();
  }

  int leasedCount() {
    return (int) slots.values().stream().filter(e -> e.state == SlotState.LEASED).count();
  }

  /** Whether a slot this request could get is resetting: about to be free. */
  boolean anyResettingFor(AcquireRequest request) {
    for (SlotEntry entry : slots.values()) {
      boolean wanted = request.slot().isEmpty() || request.slot().getAsInt() == entry.index();
      if (wanted && entry.state == SlotState.RESETTING) {
        return true;
      }
    }
    return false;
  }

  /** A scan of every lease with constant-time comparisons: lookups leak nothing about tokens. */
  Optional<SlotEntry> findByToken(LeaseToken token) {
    SlotEntry found = null;
    for (SlotEntry entry : slots.values()) {
      if (entry.lease != null && entry.lease.token.matches(token)) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Leases the slot to the request's holder under the claim the caller took; starts its expiry. */
  Lease grant(SlotEntry entry, SlotClaim claim, AcquireRequest request) {
    long now = clock.nanoTime();
    long nowMillis = clock.epochMillis();
    ActiveLease lease = new ActiveLease(
        LeaseToken.generate(random), request.holder(), request.devPort(), nowMillis,
        request.identity().orElse(defaultIdentity), LeaseIds.generate(random));
    lease.lastHeartbeatNanos = now;
    lease.lastHeartbeatMillis = nowMillis;
    lease.deadlineNanos = capped(now, nowMillis, nowMillis);
    if (!claim.holder().equals(request.holder())) {
      claim.reassign(request.holder());
    }
    entry.state = SlotState.LEASED;
    entry.claim = claim;
    entry.lease = lease;
    entry.problem = null;
    armExpiry(entry, lease, lease.deadlineNanos - now);
    Lease granted = toLease(entry);
    observer.granted(granted);
    return granted;
  }

  /**
   * Puts a journalled lease back, with its token and its remaining time, but at least one full
   * TTL from now: heartbeats are written behind, so one a crash lost must cost nothing.
   */
  void restore(SlotEntry entry, SlotClaim claim, LeaseJournal.Entry saved) {
    long nowNanos = clock.nanoTime();
    long nowMillis = clock.epochMillis();
    ActiveLease lease = new ActiveLease(LeaseToken.of(saved.token()), saved.holder(),
        saved.devPort(), saved.acquiredAtMillis(), saved.identity().orElse(defaultIdentity),
        saved.leaseId().orElseGet(() -> LeaseIds.generate(random))); // journals before lease ids had none
    lease.lastHeartbeatMillis = saved.lastHeartbeatMillis();
    lease.lastHeartbeatNanos = nowNanos - TimeUnit.MILLISECONDS.toNanos(nowMillis - saved.lastHeartbeatMillis());
    lease.deadlineNanos = Math.min(nowNanos
        + Math.max(ttlNanos, TimeUnit.MILLISECONDS.toNanos(saved.expiresAtMillis() - nowMillis)),
        lifeEndNanos(nowNanos, nowMillis, saved.acquiredAtMillis()));
    entry.state = SlotState.LEASED;
    entry.claim = claim;
    entry.lease = lease;
    armExpiry(entry, lease, lease.deadlineNanos - nowNanos);
    observer.granted(toLease(entry));
  }

  /** The identity of a lease that asked for none. */
  LeaseIdentity defaultIdentity() {
    return defaultIdentity;
  }

  /** Extends the lease by the TTL from now. */
  Lease renew(SlotEntry entry) {
    ActiveLease lease = entry.lease;
    long now = clock.nanoTime();
    lease.lastHeartbeatNanos = now;
    lease.lastHeartbeatMillis = clock.epochMillis();
    lease.deadlineNanos = capped(now, lease.lastHeartbeatMillis, lease.acquiredAtMillis);
    return toLease(entry);
  }

  /** A TTL from now, but never past the end of the lease's allowed life. */
  private long capped(long nowNanos, long nowMillis, long acquiredAtMillis) {
    return Math.min(nowNanos + ttlNanos, lifeEndNanos(nowNanos, nowMillis, acquiredAtMillis));
  }

  private long lifeEndNanos(long nowNanos, long nowMillis, long acquiredAtMillis) {
    if (maxLifeNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return nowNanos - TimeUnit.MILLISECONDS.toNanos(nowMillis - acquiredAtMillis) + maxLifeNanos;
  }

  boolean isPastDeadline(SlotEntry entry) {
    return clock.nanoTime() >= entry.lease.deadlineNanos;
  }

  /** Re-arms the timer when a heartbeat moved the deadline; true when the lease is due now. */
  boolean expiryIsDue(SlotEntry entry, ActiveLease lease) {
    long now = clock.nanoTime();
    if (now < lease.deadlineNanos) {
      armExpiry(entry, lease, lease.deadlineNanos - now);
      return false;
    }
    return true;
  }

  /** Detaches the lease from its slot and stops its timer; the caller decides what follows. */
  ActiveLease detachLease(SlotEntry entry) {
    ActiveLease lease = entry.lease;
    lease.expiryTimer.cancel();
    entry.lease = null;
    return lease;
  }

  /** Puts a lease detached a moment ago back on its slot, with its own deadline. */
  void reattach(SlotEntry entry, ActiveLease lease) {
    entry.state = SlotState.LEASED;
    entry.lease = lease;
    armExpiry(entry, lease, Math.max(0, lease.deadlineNanos - clock.nanoTime()));
  }

  private void armExpiry(SlotEntry entry, ActiveLease lease, long delayNanos) {
    lease.expiryTimer = scheduler.schedule(() -> expiryDue.accept(entry, lease), delayNanos);
  }

  PoolSnapshot snapshot() {
    List<SlotSnapshot> list = new ArrayList<>(slots.size());
    for (SlotEntry entry : slots.values()) {
      list.add(snapshotOf(entry));
    }
    return new PoolSnapshot(ttl, reclaimDelay, list);
  }

  SlotSnapshot snapshotOf(SlotEntry entry) {
    long now = clock.nanoTime();
    ActiveLease lease = entry.lease;
    if (entry.state == SlotState.LEASED && lease != null) {
      long leftNanos = Math.max(0, lease.deadlineNanos - now);
      double available = leftNanos / 1e9 + reclaimDelay.toNanos() / 1e9;
      return new SlotSnapshot(entry.slot, SlotState.LEASED, Optional.of(lease.holder),
          OptionalLong.empty(), lease.devPort,
          Optional.of(Instant.ofEpochMilli(lease.acquiredAtMillis)),
          Optional.of(expiresAt(lease)),
          Optional.of(Instant.ofEpochMilli(lease.lastHeartbeatMillis)),
          now - lease.lastHeartbeatNanos > ttlNanos / 2, available, Optional.empty(), Optional.of(lease.identity),
          Optional.of(lease.leaseId));
    }
    if (entry.state == SlotState.FREE && entry.external.isPresent()) {
      SlotHolder h = entry.external.get();
      return new SlotSnapshot(entry.slot, SlotState.EXTERNAL, h.holder(),
          h.pid() > 0 ? OptionalLong.of(h.pid()) : OptionalLong.empty(), OptionalInt.empty(),
          h.since(), Optional.empty(), Optional.empty(), false, 0, Optional.empty());
    }
    // A resetting slot is about to be free: it advises the expected rest of its reset.
    double available = entry.state == SlotState.RESETTING ? resetTimes.expectedLeftSeconds(entry) : 0;
    return new SlotSnapshot(entry.slot, entry.state, Optional.empty(), OptionalLong.empty(),
        OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, available,
        Optional.ofNullable(entry.problem));
  }

  Lease toLease(SlotEntry entry) {
    ActiveLease lease = entry.lease;
    return new Lease(entry.slot, lease.holder, lease.token, lease.devPort,
        Instant.ofEpochMilli(lease.acquiredAtMillis), expiresAt(lease),
        Instant.ofEpochMilli(lease.lastHeartbeatMillis), lease.identity, lease.leaseId);
  }

  List<Lease> activeLeases() {
    List<Lease> leases = new ArrayList<>();
    for (SlotEntry entry : slots.values()) {
      if (entry.state == SlotState.LEASED && entry.lease != null) {
        leases.add(toLease(entry));
      }
    }
    return leases;
  }

  /** What the journal keeps: every active lease, token included. */
  List<LeaseJournal.Entry> journalEntries() {
    List<LeaseJournal.Entry> entries = new ArrayList<>();
    for (SlotEntry entry : slots.values()) {
      ActiveLease lease = entry.lease;
      if (entry.state == SlotState.LEASED && lease != null) {
        entries.add(new LeaseJournal.Entry(entry.index(), lease.holder, lease.token.reveal(),
            lease.devPort, lease.acquiredAtMillis, expiresAt(lease).toEpochMilli(),
            lease.lastHeartbeatMillis, Optional.of(lease.identity), Optional.of(lease.leaseId)));
      }
    }
    return entries;
  }

  /** The wall-clock expiry, derived from the monotonic deadline at this instant. */
  private Instant expiresAt(ActiveLease lease) {
    return Instant.ofEpochMilli(clock.epochMillis()).plusNanos(lease.deadlineNanos - clock.nanoTime());
  }
}
