package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import dev.escarp.core.time.Scheduler;
import dev.escarp.core.time.Scheduler.Cancellable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's leases: who holds which slot, until when. This is the table the daemon serves, and
 * a test harness may run one in-process too.
 *
 * <p>Every lease holds its slot's {@code flock(2)} for its whole life (through {@link
 * SlotAllocator}), so any number of tables, daemons and embedded claimants can share one pool on
 * a host without ever handing one slot to two holders. A slot whose flock another process holds
 * shows as {@link SlotState#EXTERNAL} and is never handed out.
 *
 * <p>Rules: acquire takes the lowest free slot or a named one, at once or after a FIFO wait.
 * Heartbeats extend a lease by the TTL; a lease past its expiry is gone even before it is reaped,
 * and each lease is reaped at its own deadline. A released or expired lease's slot is reset by the
 * {@link SlotResetter} outside any lock, showing {@link SlotState#RESETTING} until done; only then
 * can anyone acquire it. A failed reset leaves it {@link SlotState#UNHEALTHY}.
 *
 * <p>With a journal, the table is written atomically on every change that creates or ends a
 * lease before the call returns; heartbeats are written within {@value #HEARTBEAT_PERSIST_MILLIS}
 * ms. {@link #start()} restores unexpired leases with their tokens and leaves their browsers
 * alone.
 *
 * <p>Concurrency: one lock guards all state; browser resets, journal writes and the completion
 * of callers' futures run after it is released. All methods are thread-safe.
 */
public final class LeaseTable implements AutoCloseable {

  static final long HEARTBEAT_PERSIST_MILLIS = 50;
  private static final int REAPED_KEPT = 50;
  private static final long EXTERNAL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long WAITER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final System.Logger LOG = System.getLogger(LeaseTable.class.getName());

  private final ReentrantLock lock = new ReentrantLock();
  private final TreeMap<Integer, SlotEntry> slots = new TreeMap<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final ArrayDeque<ReapedLease> reaped = new ArrayDeque<>();
  private final SlotLayout layout;
  private final SlotAllocator allocator;
  private final SlotResetter resetter;
  private final Clock clock;
  private final Scheduler scheduler;
  private final ExecutorService resetExecutor;
  private final ScheduledExecutorService journalExecutor;
  private final Optional<LeaseJournal> journal;
  private final long ttlNanos;
  private final Duration ttl;
  private final Duration reclaimDelay;
  private final String ownerName;
  private final SecureRandom random = new SecureRandom();
  private final Object journalLock = new Object();
  private final AtomicBoolean persistPending = new AtomicBoolean();
  private final List<String> problems = new ArrayList<>();

  private long version;
  private long writtenVersion;
  private long expiredTotal;
  private long resetsSucceeded;
  private long resetsFailed;
  private boolean waiterPollScheduled;
  private boolean started;
  private boolean closed;

  private LeaseTable(Builder b) {
    this.layout = b.layout;
    this.allocator = b.allocator != null ? b.allocator : new SlotAllocator(b.clock);
    this.resetter = b.resetter;
    this.clock = b.clock;
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.singleThread("escarp-lease-timer");
    this.ttl = b.ttl;
    this.ttlNanos = b.ttl.toNanos();
    this.reclaimDelay = b.reclaimDelay;
    this.ownerName = b.ownerName;
    this.journal = Optional.ofNullable(b.journalFile).map(LeaseJournal::new);
    AtomicInteger resetThreads = new AtomicInteger();
    this.resetExecutor = Executors.newFixedThreadPool(
        Math.max(1, Math.min(8, b.poolSize)),
        r -> daemonThread(r, "escarp-reset-" + resetThreads.incrementAndGet()));
    this.journalExecutor = Executors.newSingleThreadScheduledExecutor(
        r -> daemonThread(r, "escarp-journal"));
    for (Slot slot : layout.slots(b.poolSize)) {
      slots.put(slot.index(), new SlotEntry(slot));
    }
  }

  /** A builder for a table over the slots {@code [0, poolSize)} of this layout. */
  public static Builder builder(SlotLayout layout, int poolSize) {
    return new Builder(layout, poolSize);
  }

  /**
   * Takes stock of the pool: restores the journal's unexpired leases (re-taking their flocks, not
   * touching their browsers), reclaims and resets expired ones, and resets free slots whose last
   * holder left them dirty. Call once, before anything else.
   */
  public void start() {
    List<LeaseJournal.Entry> saved = journal.map(j -> j.load(this::problem)).orElse(List.of());
    Map<Integer, LeaseJournal.Entry> bySlot = new HashMap<>();
    for (LeaseJournal.Entry e : saved) {
      bySlot.put(e.slot(), e);
    }
    Effects fx = new Effects();
    lock.lock();
    try {
      if (started) {
        throw new IllegalStateException("the lease table was already started");
      }
      started = true;
      long nowNanos = clock.nanoTime();
      long nowMillis = clock.epochMillis();
      for (LeaseJournal.Entry e : saved) {
        if (!slots.containsKey(e.slot())) {
          problem("dropping the saved lease of slot " + e.slot() + " (holder " + e.holder()
              + "): the slot is no longer in the pool");
        }
      }
      for (SlotEntry entry : slots.values()) {
        LeaseJournal.Entry saved1 = bySlot.get(entry.slot.index());
        String claimant = saved1 != null ? saved1.holder() : ownerName;
        Optional<SlotClaim> claim = allocator.tryClaim(entry.slot, claimant);
        if (claim.isEmpty()) {
          if (saved1 != null) {
            problem("cannot restore the lease of slot " + entry.slot.index() + " (holder "
                + saved1.holder() + "): another process holds the slot now");
          }
          continue;
        }
        if (saved1 != null && saved1.expiresAtMillis() > nowMillis) {
          ActiveLease lease = new ActiveLease(LeaseToken.of(saved1.token()), saved1.holder(),
              saved1.devPort(), saved1.acquiredAtMillis());
          lease.lastHeartbeatMillis = saved1.lastHeartbeatMillis();
          lease.lastHeartbeatNanos = nowNanos - TimeUnit.MILLISECONDS.toNanos(nowMillis - saved1.lastHeartbeatMillis());
          lease.deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(saved1.expiresAtMillis() - nowMillis);
          entry.state = SlotState.LEASED;
          entry.claim = claim.get();
          entry.lease = lease;
          scheduleExpiry(entry, lease, lease.deadlineNanos - nowNanos);
        } else if (saved1 != null) {
          recordReaped(entry.slot.index(), saved1.holder(), "expired while the table was down");
          startReset(entry, claim.get(), fx);
        } else if (claim.get().needsReset()) {
          startReset(entry, claim.get(), fx);
        } else {
          // Taking the flock wrote in_use; the slot was clean and still is.
          claim.get().markClean();
          claim.get().close();
        }
      }
      version++;
    } finally {
      lock.unlock();
    }
    fx.run();
    persistNow();
  }

  /** Acquires at once: a lease, or why not. */
  public AcquireResult acquire(AcquireRequest request) {
    Objects.requireNonNull(request, "request");
    Effects fx = new Effects();
    AcquireResult result;
    lock.lock();
    try {
      ensureRunning();
      result = tryAcquire(request, fx);
    } finally {
      lock.unlock();
    }
    fx.run();
    if (result instanceof AcquireResult.Granted) {
      persistNow();
    }
    return result;
  }

  /**
   * Acquires, waiting up to {@code wait} for a slot to free up. Waiters are served first come,
   * first served, the moment a slot's reset is done. The future completes with {@code Granted},
   * or with why not once the wait ran out; it never completes exceptionally.
   */
  public CompletableFuture<AcquireResult> acquire(AcquireRequest request, Duration wait) {
    Objects.requireNonNull(request, "request");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, got " + wait);
    }
    Effects fx = new Effects();
    CompletableFuture<AcquireResult> future = new CompletableFuture<>();
    lock.lock();
    try {
      ensureRunning();
      AcquireResult now = tryAcquire(request, fx);
      boolean mayWait = now instanceof AcquireResult.PoolExhausted
          || now instanceof AcquireResult.SlotTaken;
      if (!mayWait || wait.isZero()) {
        boolean granted = now instanceof AcquireResult.Granted;
        fx.add(() -> {
          if (granted) {
            persistNow();
          }
          future.complete(now);
        });
      } else {
        Waiter waiter = new Waiter(request, future);
        waiters.addLast(waiter);
        waiter.timeout = scheduler.schedule(() -> waiterTimedOut(waiter), wait.toNanos());
        scheduleWaiterPoll();
      }
    } finally {
      lock.unlock();
    }
    fx.run();
    return future;
  }

  /** Extends the lease by the TTL. A lease past its expiry is gone, even if not yet reaped. */
  public HeartbeatResult heartbeat(LeaseToken token) {
    Objects.requireNonNull(token, "token");
    Effects fx = new Effects();
    HeartbeatResult result;
    boolean expired = false;
    lock.lock();
    try {
      ensureRunning();
      Optional<SlotEntry> found = findByToken(token);
      if (found.isEmpty()) {
        result = new UnknownLease();
      } else {
        SlotEntry entry = found.get();
        ActiveLease lease = entry.lease;
        long now = clock.nanoTime();
        if (now >= lease.deadlineNanos) {
          endLease(entry, LeaseEnd.Reason.EXPIRED, fx);
          expired = true;
          result = new UnknownLease();
        } else {
          lease.lastHeartbeatNanos = now;
          lease.lastHeartbeatMillis = clock.epochMillis();
          lease.deadlineNanos = now + ttlNanos;
          version++;
          result = new HeartbeatResult.Renewed(toLease(entry, now, lease.lastHeartbeatMillis));
        }
      }
    } finally {
      lock.unlock();
    }
    fx.run();
    if (expired) {
      persistNow();
    } else if (result instanceof HeartbeatResult.Renewed) {
      persistSoon();
    }
    return result;
  }

  /** Ends the lease. The reply does not wait for the reset; see {@link ReleaseResult.Released}. */
  public ReleaseResult release(LeaseToken token) {
    Objects.requireNonNull(token, "token");
    Effects fx = new Effects();
    ReleaseResult result;
    lock.lock();
    try {
      ensureRunning();
      Optional<SlotEntry> found = findByToken(token);
      if (found.isEmpty()) {
        result = new UnknownLease();
      } else {
        SlotEntry entry = found.get();
        boolean expired = clock.nanoTime() >= entry.lease.deadlineNanos;
        endLease(entry, expired ? LeaseEnd.Reason.EXPIRED : LeaseEnd.Reason.RELEASED, fx);
        result = expired ? new UnknownLease()
            : new ReleaseResult.Released(snapshotOf(entry, clock.nanoTime(), clock.epochMillis()), entry.resetDone);
      }
    } finally {
      lock.unlock();
    }
    fx.run();
    if (result instanceof ReleaseResult.Released || !fx.isEmpty()) {
      persistNow();
    }
    return result;
  }

  /**
   * A future that completes when this lease ends (released, expired, or the table closed); empty
   * when no active lease has the token. The daemon's {@code /hold} waits on it.
   */
  public Optional<CompletableFuture<LeaseEnd>> whenEnded(LeaseToken token) {
    lock.lock();
    try {
      return findByToken(token).map(e -> e.lease.ended);
    } finally {
      lock.unlock();
    }
  }

  /** Every slot's public record, lowest index first. Never contains a token. */
  public PoolSnapshot snapshot() {
    refreshExternalHolders();
    lock.lock();
    try {
      return snapshotLocked();
    } finally {
      lock.unlock();
    }
  }

  /** The last {@value #REAPED_KEPT} leases ended by expiry, newest last. */
  public List<ReapedLease> reaped() {
    lock.lock();
    try {
      return List.copyOf(reaped);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks a free slot unhealthy (its browser stopped answering, say), so it is not handed out.
   * Leased and resetting slots are left alone; returns whether the slot changed.
   */
  public boolean markUnhealthy(int slot, String reason) {
    lock.lock();
    try {
      SlotEntry entry = slots.get(slot);
      if (entry == null || entry.state != SlotState.FREE) {
        return false;
      }
      entry.state = SlotState.UNHEALTHY;
      entry.problem = reason;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Returns an unhealthy slot to service; waiters may get it at once. Returns whether it changed. */
  public boolean markHealthy(int slot) {
    Effects fx = new Effects();
    lock.lock();
    try {
      SlotEntry entry = slots.get(slot);
      if (entry == null || entry.state != SlotState.UNHEALTHY) {
        return false;
      }
      entry.state = SlotState.FREE;
      entry.problem = null;
      serveWaiters(fx);
    } finally {
      lock.unlock();
    }
    fx.run();
    return true;
  }

  /**
   * Brings a slot into the pool. Its flock decides at once whether it is free, dirty (then it is
   * reset first) or held by another process.
   */
  public PoolChangeResult addSlot(int index) {
    Slot slot = layout.slot(index);
    Effects fx = new Effects();
    PoolChangeResult result;
    lock.lock();
    try {
      ensureRunning();
      if (slots.containsKey(index)) {
        return new PoolChangeResult.AlreadyInPool(index);
      }
      SlotEntry entry = new SlotEntry(slot);
      slots.put(index, entry);
      Optional<SlotClaim> claim = claimFree(entry, ownerName);
      if (claim.isPresent() && claim.get().needsReset()) {
        startReset(entry, claim.get(), fx);
      } else if (claim.isPresent()) {
        claim.get().markClean();
        claim.get().close();
        serveWaiters(fx);
      }
      version++;
      result = new PoolChangeResult.Added(snapshotOf(entry, clock.nanoTime(), clock.epochMillis()));
    } finally {
      lock.unlock();
    }
    fx.run();
    persistNow();
    return result;
  }

  /**
   * Takes a slot out of the pool. A leased slot is refused unless {@code force}, which ends the
   * lease (its holder's heartbeats then fail). The browser itself is not touched.
   */
  public PoolChangeResult removeSlot(int index, boolean force) {
    Effects fx = new Effects();
    lock.lock();
    try {
      ensureRunning();
      SlotEntry entry = slots.get(index);
      if (entry == null) {
        return new PoolChangeResult.NotInPool(index);
      }
      if (entry.state == SlotState.LEASED && !force) {
        return new PoolChangeResult.Leased(index);
      }
      slots.remove(index);
      if (entry.lease != null) {
        ActiveLease lease = entry.lease;
        lease.expiryTimer.cancel();
        entry.lease = null;
        SlotSnapshot gone = snapshotOf(entry, clock.nanoTime(), clock.epochMillis());
        fx.add(() -> lease.ended.complete(new LeaseEnd(LeaseEnd.Reason.REMOVED, gone)));
      }
      if (entry.claim != null) {
        // A reset in progress sees the claim gone and just lets go of the flock.
        SlotClaim claim = entry.claim;
        entry.claim = null;
        if (entry.state == SlotState.LEASED) {
          claim.close();
        }
      }
      entry.state = SlotState.FREE;
      version++;
    } finally {
      lock.unlock();
    }
    fx.run();
    persistNow();
    return new PoolChangeResult.Removed(index);
  }

  /** Counters and gauges for monitoring. */
  public Stats stats() {
    lock.lock();
    try {
      int leased = 0;
      for (SlotEntry entry : slots.values()) {
        if (entry.state == SlotState.LEASED) {
          leased++;
        }
      }
      return new Stats(slots.size(), leased, waiters.size(), expiredTotal, resetsSucceeded, resetsFailed);
    } finally {
      lock.unlock();
    }
  }

  /** A moment's counts: gauges (slots, leased, waiting) and totals since start. */
  public record Stats(int slots, int leased, int waiting, long expiredTotal,
      long resetsSucceeded, long resetsFailed) {}

  public Duration leaseTtl() {
    return ttl;
  }

  public SlotLayout layout() {
    return layout;
  }

  /** Problems met while restoring or persisting (also logged), oldest first. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /**
   * Stops the table: waiters get {@code PoolExhausted}, leases are saved (not ended) and their
   * flocks released, resets in progress are given a few seconds to finish. Browsers are never
   * touched. Idempotent.
   */
  @Override
  public void close() {
    Effects fx = new Effects();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      PoolSnapshot snap = snapshotLocked();
      for (Waiter w : waiters) {
        w.timeout.cancel();
        fx.add(() -> w.future.complete(new AcquireResult.PoolExhausted(snap)));
      }
      waiters.clear();
      long now = clock.nanoTime();
      long nowMillis = clock.epochMillis();
      for (SlotEntry entry : slots.values()) {
        if (entry.state == SlotState.LEASED) {
          ActiveLease lease = entry.lease;
          lease.expiryTimer.cancel();
          SlotSnapshot s = snapshotOf(entry, now, nowMillis);
          fx.add(() -> lease.ended.complete(new LeaseEnd(LeaseEnd.Reason.TABLE_CLOSED, s)));
          entry.claim.close();
        }
      }
      version++;
    } finally {
      lock.unlock();
    }
    fx.run();
    persistNow();
    scheduler.close();
    resetExecutor.shutdown();
    try {
      if (!resetExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
        resetExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      resetExecutor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    journalExecutor.shutdownNow();
  }

  // ---- internals; every method named *Locked or taking Effects runs with the lock held ----

  private AcquireResult tryAcquire(AcquireRequest request, Effects fx) {
    if (request.slot().isPresent()) {
      int index = request.slot().getAsInt();
      SlotEntry entry = slots.get(index);
      if (entry == null) {
        return new AcquireResult.UnknownSlot(index);
      }
      if (entry.state != SlotState.FREE) {
        return new AcquireResult.SlotTaken(index, entry.state);
      }
      Optional<SlotClaim> claim = claimFree(entry, request.holder());
      if (claim.isEmpty()) {
        return new AcquireResult.SlotTaken(index, SlotState.EXTERNAL);
      }
      if (claim.get().needsReset()) {
        startReset(entry, claim.get(), fx);
        return new AcquireResult.SlotTaken(index, SlotState.RESETTING);
      }
      return new AcquireResult.Granted(grant(entry, claim.get(), request));
    }
    for (SlotEntry entry : slots.values()) {
      if (entry.state != SlotState.FREE) {
        continue;
      }
      Optional<SlotClaim> claim = claimFree(entry, request.holder());
      if (claim.isEmpty()) {
        continue;
      }
      if (claim.get().needsReset()) {
        startReset(entry, claim.get(), fx);
        continue;
      }
      return new AcquireResult.Granted(grant(entry, claim.get(), request));
    }
    return new AcquireResult.PoolExhausted(snapshotLocked());
  }

  private Optional<SlotClaim> claimFree(SlotEntry entry, String holder) {
    Optional<SlotClaim> claim = allocator.tryClaim(entry.slot, holder);
    if (claim.isPresent()) {
      entry.external = Optional.empty();
      entry.externalCheckedNanos = clock.nanoTime();
    } else if (entry.external.isEmpty()) {
      // Held by someone else: show it as external at once; the next snapshot reads who.
      entry.external = Optional.of(new SlotHolder(-1, Optional.empty(), Optional.empty()));
      entry.externalCheckedNanos = Long.MIN_VALUE / 2;
    }
    return claim;
  }

  private Lease grant(SlotEntry entry, SlotClaim claim, AcquireRequest request) {
    long now = clock.nanoTime();
    long nowMillis = clock.epochMillis();
    ActiveLease lease = new ActiveLease(
        LeaseToken.generate(random), request.holder(), request.devPort(), nowMillis);
    lease.lastHeartbeatNanos = now;
    lease.lastHeartbeatMillis = nowMillis;
    lease.deadlineNanos = now + ttlNanos;
    if (!claim.holder().equals(request.holder())) {
      claim.reassign(request.holder());
    }
    entry.state = SlotState.LEASED;
    entry.claim = claim;
    entry.lease = lease;
    entry.problem = null;
    scheduleExpiry(entry, lease, ttlNanos);
    version++;
    return toLease(entry, now, nowMillis);
  }

  private void scheduleExpiry(SlotEntry entry, ActiveLease lease, long delayNanos) {
    lease.expiryTimer = scheduler.schedule(() -> expiryDue(entry, lease), delayNanos);
  }

  /** A lease's own timer: reap it if its deadline passed, else re-arm for the new deadline. */
  private void expiryDue(SlotEntry entry, ActiveLease lease) {
    Effects fx = new Effects();
    lock.lock();
    try {
      if (closed || entry.lease != lease) {
        return;
      }
      long now = clock.nanoTime();
      if (now < lease.deadlineNanos) {
        scheduleExpiry(entry, lease, lease.deadlineNanos - now);
        return;
      }
      endLease(entry, LeaseEnd.Reason.EXPIRED, fx);
    } finally {
      lock.unlock();
    }
    fx.run();
    persistSoon();
  }

  private void endLease(SlotEntry entry, LeaseEnd.Reason reason, Effects fx) {
    ActiveLease lease = entry.lease;
    lease.expiryTimer.cancel();
    entry.lease = null;
    if (reason == LeaseEnd.Reason.EXPIRED) {
      recordReaped(entry.slot.index(), lease.holder, "expired");
    }
    startReset(entry, entry.claim, fx);
    SlotSnapshot after = snapshotOf(entry, clock.nanoTime(), clock.epochMillis());
    fx.add(() -> lease.ended.complete(new LeaseEnd(reason, after)));
    version++;
  }

  private void recordReaped(int slot, String holder, String reason) {
    expiredTotal++;
    reaped.addLast(new ReapedLease(slot, holder, reason, Instant.ofEpochMilli(clock.epochMillis())));
    while (reaped.size() > REAPED_KEPT) {
      reaped.removeFirst();
    }
  }

  private void startReset(SlotEntry entry, SlotClaim claim, Effects fx) {
    entry.state = SlotState.RESETTING;
    entry.claim = claim;
    entry.lease = null;
    CompletableFuture<SlotState> done = new CompletableFuture<>();
    entry.resetDone = done;
    fx.add(() -> resetExecutor.execute(() -> runReset(entry, claim, done)));
  }

  /** Runs on a reset thread, holding the slot's claim but not the table's lock. */
  private void runReset(SlotEntry entry, SlotClaim claim, CompletableFuture<SlotState> done) {
    Optional<String> failure = Optional.empty();
    try {
      resetter.reset(entry.slot);
      claim.markClean();
    } catch (Exception e) {
      failure = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      LOG.log(Level.WARNING, "reset of slot " + entry.slot.index() + " failed: " + failure.get());
    }
    Effects fx = new Effects();
    SlotState outcome;
    boolean handedOff = false;
    lock.lock();
    try {
      if (closed || entry.claim != claim) {
        claim.close();
        outcome = failure.isPresent() ? SlotState.UNHEALTHY : SlotState.FREE;
      } else if (failure.isPresent()) {
        resetsFailed++;
        entry.state = SlotState.UNHEALTHY;
        entry.problem = "reset failed: " + failure.get();
        entry.claim = null;
        claim.close();
        outcome = SlotState.UNHEALTHY;
      } else {
        resetsSucceeded++;
        entry.state = SlotState.FREE;
        Optional<Waiter> waiter = firstWaiterFor(entry.slot.index());
        if (waiter.isPresent()) {
          // Hand the slot straight to the next waiter, keeping the flock: no other claimant can
          // slip in between.
          Waiter w = waiter.get();
          waiters.remove(w);
          w.timeout.cancel();
          AcquireResult granted = new AcquireResult.Granted(grant(entry, claim, w.request));
          fx.add(() -> w.future.complete(granted));
          handedOff = true;
        } else {
          entry.claim = null;
          claim.close();
          serveWaiters(fx);
        }
        outcome = entry.state;
      }
    } finally {
      lock.unlock();
    }
    if (handedOff) {
      persistNow();
    }
    fx.run();
    done.complete(outcome);
  }

  private Optional<Waiter> firstWaiterFor(int slot) {
    for (Waiter w : waiters) {
      if (w.request.slot().isEmpty() || w.request.slot().getAsInt() == slot) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  private void serveWaiters(Effects fx) {
    Iterator<Waiter> it = waiters.iterator();
    while (it.hasNext()) {
      Waiter w = it.next();
      AcquireResult r = tryAcquire(w.request, fx);
      if (r instanceof AcquireResult.Granted || r instanceof AcquireResult.UnknownSlot) {
        it.remove();
        w.timeout.cancel();
        fx.add(() -> {
          persistNow();
          w.future.complete(r);
        });
      }
    }
  }

  /** While anyone waits, look every few ms for slots that other processes let go of. */
  private void scheduleWaiterPoll() {
    if (waiterPollScheduled || closed) {
      return;
    }
    waiterPollScheduled = true;
    scheduler.schedule(this::waiterPoll, WAITER_POLL_NANOS);
  }

  private void waiterPoll() {
    Effects fx = new Effects();
    lock.lock();
    try {
      waiterPollScheduled = false;
      if (closed || waiters.isEmpty()) {
        return;
      }
      serveWaiters(fx);
      if (!waiters.isEmpty()) {
        scheduleWaiterPoll();
      }
    } finally {
      lock.unlock();
    }
    fx.run();
  }

  private void waiterTimedOut(Waiter waiter) {
    Effects fx = new Effects();
    lock.lock();
    try {
      if (!waiters.remove(waiter)) {
        return;
      }
      // One last look, so a slot freed at the deadline is not missed.
      AcquireResult last = tryAcquire(waiter.request, fx);
      fx.add(() -> {
        if (last instanceof AcquireResult.Granted) {
          persistNow();
        }
        waiter.future.complete(last);
      });
    } finally {
      lock.unlock();
    }
    fx.run();
  }

  private Optional<SlotEntry> findByToken(LeaseToken token) {
    // A scan of every lease with constant-time comparisons: lookups leak nothing about tokens.
    SlotEntry found = null;
    for (SlotEntry entry : slots.values()) {
      if (entry.lease != null && entry.lease.token.matches(token)) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  private void refreshExternalHolders() {
    List<SlotEntry> stale = new ArrayList<>();
    long now = clock.nanoTime();
    lock.lock();
    try {
      for (SlotEntry entry : slots.values()) {
        if (entry.state == SlotState.FREE && now - entry.externalCheckedNanos >= EXTERNAL_RECHECK_NANOS) {
          stale.add(entry);
        }
      }
    } finally {
      lock.unlock();
    }
    for (SlotEntry entry : stale) {
      Optional<SlotHolder> holder = allocator.holderOf(entry.slot);
      lock.lock();
      try {
        if (entry.state == SlotState.FREE) {
          entry.external = holder;
          entry.externalCheckedNanos = clock.nanoTime();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private PoolSnapshot snapshotLocked() {
    long now = clock.nanoTime();
    long nowMillis = clock.epochMillis();
    List<SlotSnapshot> list = new ArrayList<>(slots.size());
    for (SlotEntry entry : slots.values()) {
      list.add(snapshotOf(entry, now, nowMillis));
    }
    return new PoolSnapshot(ttl, reclaimDelay, list);
  }

  private SlotSnapshot snapshotOf(SlotEntry entry, long now, long nowMillis) {
    ActiveLease lease = entry.lease;
    if (entry.state == SlotState.LEASED && lease != null) {
      long leftNanos = Math.max(0, lease.deadlineNanos - now);
      double available = leftNanos / 1e9 + reclaimDelay.toNanos() / 1e9;
      return new SlotSnapshot(entry.slot, SlotState.LEASED, Optional.of(lease.holder),
          OptionalLong.empty(), lease.devPort,
          Optional.of(Instant.ofEpochMilli(lease.acquiredAtMillis)),
          Optional.of(expiresAt(lease, now, nowMillis)),
          Optional.of(Instant.ofEpochMilli(lease.lastHeartbeatMillis)),
          now - lease.lastHeartbeatNanos > ttlNanos / 2, available, Optional.empty());
    }
    if (entry.state == SlotState.FREE && entry.external.isPresent()) {
      SlotHolder h = entry.external.get();
      return new SlotSnapshot(entry.slot, SlotState.EXTERNAL, h.holder(),
          h.pid() > 0 ? OptionalLong.of(h.pid()) : OptionalLong.empty(), OptionalInt.empty(),
          h.since(), Optional.empty(), Optional.empty(), false, 0, Optional.empty());
    }
    return new SlotSnapshot(entry.slot, entry.state, Optional.empty(), OptionalLong.empty(),
        OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, 0,
        Optional.ofNullable(entry.problem));
  }

  private Lease toLease(SlotEntry entry, long now, long nowMillis) {
    ActiveLease lease = entry.lease;
    return new Lease(entry.slot, lease.holder, lease.token, lease.devPort,
        Instant.ofEpochMilli(lease.acquiredAtMillis), expiresAt(lease, now, nowMillis),
        Instant.ofEpochMilli(lease.lastHeartbeatMillis));
  }

  private static Instant expiresAt(ActiveLease lease, long now, long nowMillis) {
    return Instant.ofEpochMilli(nowMillis).plusNanos(lease.deadlineNanos - now);
  }

  private void ensureRunning() {
    if (!started) {
      throw new IllegalStateException("start() the lease table before using it");
    }
    if (closed) {
      throw new IllegalStateException("the lease table is closed");
    }
  }

  // ---- persistence ----

  private void persistNow() {
    if (journal.isEmpty()) {
      return;
    }
    long wanted;
    lock.lock();
    try {
      wanted = version;
    } finally {
      lock.unlock();
    }
    synchronized (journalLock) {
      if (writtenVersion >= wanted) {
        return; // a write that already covered this change happened while we queued
      }
      List<LeaseJournal.Entry> entries = new ArrayList<>();
      long v;
      lock.lock();
      try {
        v = version;
        long now = clock.nanoTime();
        long nowMillis = clock.epochMillis();
        for (SlotEntry entry : slots.values()) {
          ActiveLease lease = entry.lease;
          if (entry.state == SlotState.LEASED && lease != null) {
            entries.add(new LeaseJournal.Entry(entry.slot.index(), lease.holder, lease.token.reveal(),
                lease.devPort, lease.acquiredAtMillis, expiresAt(lease, now, nowMillis).toEpochMilli(),
                lease.lastHeartbeatMillis));
          }
        }
      } finally {
        lock.unlock();
      }
      try {
        journal.get().save(entries);
        writtenVersion = v;
      } catch (IOException e) {
        problem("cannot write the lease journal " + journal.get().file() + ": " + e.getMessage());
      }
    }
  }

  private void persistSoon() {
    if (journal.isEmpty() || !persistPending.compareAndSet(false, true)) {
      return;
    }
    try {
      journalExecutor.schedule(() -> {
        persistPending.set(false);
        persistNow();
      }, HEARTBEAT_PERSIST_MILLIS, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      persistPending.set(false); // closing: close() writes the final state itself
    }
  }

  private void problem(String message) {
    LOG.log(Level.WARNING, message);
    synchronized (problems) {
      problems.add(message);
    }
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ---- state ----

  /** One slot's mutable state; guarded by the table's lock. Null fields mean "none". */
  private static final class SlotEntry {
    final Slot slot;
    SlotState state = SlotState.FREE;
    SlotClaim claim;
    ActiveLease lease;
    String problem;
    CompletableFuture<SlotState> resetDone = CompletableFuture.completedFuture(SlotState.FREE);
    Optional<SlotHolder> external = Optional.empty();
    long externalCheckedNanos = Long.MIN_VALUE / 2;

    SlotEntry(Slot slot) {
      this.slot = slot;
    }
  }

  private static final class ActiveLease {
    final LeaseToken token;
    final String holder;
    final OptionalInt devPort;
    final long acquiredAtMillis;
    final CompletableFuture<LeaseEnd> ended = new CompletableFuture<>();
    long lastHeartbeatMillis;
    long lastHeartbeatNanos;
    long deadlineNanos;
    Cancellable expiryTimer = () -> {};

    ActiveLease(LeaseToken token, String holder, OptionalInt devPort, long acquiredAtMillis) {
      this.token = token;
      this.holder = holder;
      this.devPort = devPort;
      this.acquiredAtMillis = acquiredAtMillis;
    }
  }

  private static final class Waiter {
    final AcquireRequest request;
    final CompletableFuture<AcquireResult> future;
    Cancellable timeout = () -> {};

    Waiter(AcquireRequest request, CompletableFuture<AcquireResult> future) {
      this.request = request;
      this.future = future;
    }
  }

  /** Work gathered under the lock, to run after it is released. */
  private static final class Effects {
    private final List<Runnable> actions = new ArrayList<>();

    void add(Runnable action) {
      actions.add(action);
    }

    boolean isEmpty() {
      return actions.isEmpty();
    }

    void run() {
      for (Runnable action : actions) {
        action.run();
      }
    }
  }

  /** Builds a {@link LeaseTable}; each setting may be given once. */
  public static final class Builder {
    private final SlotLayout layout;
    private final int poolSize;
    private SlotAllocator allocator;
    private SlotResetter resetter = SlotResetter.none();
    private Clock clock = Clock.system();
    private Scheduler scheduler;
    private Duration ttl = Duration.ofSeconds(60);
    private Duration reclaimDelay = Duration.ofMillis(50);
    private Path journalFile;
    private String ownerName = "escarp";
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder(SlotLayout layout, int poolSize) {
      this.layout = Objects.requireNonNull(layout, "layout");
      if (poolSize < 0) {
        throw new IllegalArgumentException("pool size must be >= 0, got " + poolSize);
      }
      this.poolSize = poolSize;
    }

    /** The allocator to claim flocks through (default: a new one on this table's clock). */
    public Builder allocator(SlotAllocator value) {
      once("allocator");
      this.allocator = Objects.requireNonNull(value, "allocator");
      return this;
    }

    /** Resets browsers between holders (default: none). */
    public Builder resetter(SlotResetter value) {
      once("resetter");
      this.resetter = Objects.requireNonNull(value, "resetter");
      return this;
    }

    public Builder clock(Clock value) {
      once("clock");
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Runs expiry and wait timers (default: one daemon thread). The table closes it. */
    public Builder scheduler(Scheduler value) {
      once("scheduler");
      this.scheduler = Objects.requireNonNull(value, "scheduler");
      return this;
    }

    /** How long a lease lives without a heartbeat (default 60 s). */
    public Builder leaseTtl(Duration value) {
      once("leaseTtl");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("lease TTL must be positive, got " + value);
      }
      this.ttl = value;
      return this;
    }

    /** The slack added to {@code available_after_s} for the reclaim itself (default 50 ms). */
    public Builder reclaimDelay(Duration value) {
      once("reclaimDelay");
      if (value.isNegative()) {
        throw new IllegalArgumentException("reclaim delay must not be negative, got " + value);
      }
      this.reclaimDelay = value;
      return this;
    }

    /** Persist leases to this file and restore them at {@link #start()} (default: in memory). */
    public Builder journal(Path file) {
      once("journal");
      this.journalFile = Objects.requireNonNull(file, "journal file");
      return this;
    }

    /** The holder name written into lock records while the table itself holds a slot to reset it. */
    public Builder ownerName(String value) {
      once("ownerName");
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("owner name must not be blank");
      }
      this.ownerName = value;
      return this;
    }

    public LeaseTable build() {
      return new LeaseTable(this);
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }
  }
}
