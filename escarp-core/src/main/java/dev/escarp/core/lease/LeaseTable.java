package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.slot.SlotReadiness;
import dev.escarp.core.time.Clock;
import dev.escarp.core.slot.Slot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * can anyone acquire it, though an acquire that would be refused meanwhile waits for the reset. A
 * failed reset leaves it {@link SlotState#UNHEALTHY}, and so does a browser that does not answer
 * its {@link SlotReadiness} check when the slot is about to be handed out.
 *
 * <p>With a journal, acquire, release and pool changes are written before the call returns;
 * heartbeats and expiries are written behind, within {@value JournalWriter#BEHIND_MILLIS} ms.
 * {@link #start()} restores unexpired leases with their tokens and leaves their browsers alone.
 *
 * <p>This class is a facade over package-private parts, each guarded by the one lock it holds:
 * {@code SlotBook} (entries, lease transitions, expiry timers), {@code WaitQueue} (FIFO waiters),
 * {@code SlotPicker}, {@code Acquirer} (waiting, also for resets), {@code Reaper} (ending leases),
 * {@code ResetCoordinator} (resets and hand-off), {@code JournalWriter} and {@code
 * JournalRestorer}, {@code HolderDiscovery} (flocks of other processes), {@code PoolMembership}
 * and {@code Counters}.
 * Resets, journal writes and completing callers' futures run after the lock is released. The
 * threads are the caller's ({@link LeaseThreads}). All methods are thread-safe; {@link
 * #snapshot()}, {@link #heartbeat} and {@link #stats()} read memory only, so an event loop may
 * call them.
 */
public final class LeaseTable implements AutoCloseable {

  private static final Duration RESET_GRACE_AT_CLOSE = Duration.ofSeconds(5);

  private final ReentrantLock lock = new ReentrantLock();
  private final SlotLayout layout;
  private final Duration ttl;
  private final SlotBook book;
  private final WaitQueue waits;
  private final ResetCoordinator resets;
  private final JournalWriter journal;
  private final JournalGate gate;
  private final JournalRestorer restorer;
  private final HolderDiscovery holders;
  private final PoolMembership membership;
  private final SlotPicker picker;
  private final Acquirer acquirer;
  private final Reaper reaper;
  private final Counters counters = new Counters();
  private final Problems problems = new Problems();
  private boolean started;
  private volatile boolean closed;

  LeaseTable(LeaseTableBuilder b) {
    this.layout = b.layout;
    Clock clock = b.clock;
    this.ttl = b.ttl;
    LeaseThreads threads = b.threads;
    SlotAllocator allocator = b.allocator != null ? b.allocator : new SlotAllocator(b.clock);
    List<Slot> slots = new ArrayList<>(layout.slots(b.poolSize));
    slots.addAll(b.extraSlots);
    this.book = new SlotBook(slots, clock, threads.scheduler(), ttl, b.reclaimDelay,
        Optional.ofNullable(b.maxLeaseLife), this::expiryDue, b.defaultIdentity);
    book.observe(b.observer);
    this.journal = new JournalWriter(Optional.ofNullable(b.journalFile), lock, book, threads.scheduler(),
        threads.io(), problems);
    // The queue and the picker need each other; the queue reaches the picker through the table.
    this.gate = new JournalGate(lock, book, journal);
    Admission admission = new Admission(b.admission, book, clock);
    this.waits = new WaitQueue(lock, threads.scheduler(), gate, this::tryAcquire, book::anyResettingFor,
        admission::mayLease, () -> closed);
    this.holders = new HolderDiscovery(allocator, clock, lock, book);
    this.resets = new ResetCoordinator(b.resetter, threads.resets(), lock, book, waits, journal, counters,
        () -> closed);
    this.picker = new SlotPicker(book, holders, resets, journal, admission, b.preference);
    this.acquirer = new Acquirer(lock, book, picker, waits, admission, journal, b, this::ensureRunning,
        () -> closed);
    this.reaper = new Reaper(lock, book, resets, journal, counters, clock, () -> closed);
    this.restorer = new JournalRestorer(book, allocator, resets, counters, problems, clock, b.ownerName);
    this.membership = new PoolMembership(lock, layout, book, holders, resets, waits, journal, b.ownerName,
        this::ensureRunning);
  }

  /** A builder for a table over the slots {@code [0, poolSize)} of this layout. */
  public static LeaseTableBuilder builder(SlotLayout layout, int poolSize) {
    return new LeaseTableBuilder(layout, poolSize);
  }

  /**
   * Takes stock of the pool: restores the journal's unexpired leases (re-taking their flocks, not
   * touching their browsers), reclaims and resets expired ones, and resets free slots whose last
   * holder left them dirty. Call once, before anything else.
   */
  public void start() {
    List<LeaseJournal.Entry> saved = journal.load();
    Effects fx = new Effects();
    lock.lock();
    try {
      if (started) {
        throw new IllegalStateException("the lease table was already started");
      }
      started = true;
      restorer.restore(saved, fx);
      journal.changed();
    } finally {
      lock.unlock();
    }
    fx.run();
    journal.writeNow();
  }

  /**
   * Acquires at once, never waiting (not even for a slot that is only resetting): a lease, or why
   * not. A slot is granted only if the builder's {@link SlotReadiness} says its browser answers;
   * one that does not is marked unhealthy and the next is tried. A grant the journal cannot hold
   * is taken back ({@code NotSaved}).
   */
  public AcquireResult acquire(AcquireRequest request) {
    Objects.requireNonNull(request, "request");
    AcquireResult result = acquirer.acquireNow(request);
    return result instanceof AcquireResult.Granted granted ? gate.saveGrant(granted) : result;
  }

  /**
   * Acquires, waiting up to {@code wait} for a slot to free up. Waiters are served first come,
   * first served, the moment a slot's reset is done. A slot that is only resetting counts as
   * about to be free: while one the request could get is resetting, the caller waits for it (up
   * to the builder's {@code resetWait}) rather than being refused, even with a zero {@code wait}.
   * The future completes with {@code Granted}, or with why not once the wait ran out; it never
   * completes exceptionally.
   */
  public CompletableFuture<AcquireResult> acquire(AcquireRequest request, Duration wait) {
    Objects.requireNonNull(request, "request");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, got " + wait);
    }
    return acquirer.acquire(request, wait);
  }

  /**
   * Extends the lease by the TTL. A lease past its expiry is gone, even if not yet reaped. Reads
   * and writes memory only: the journal learns of it behind.
   */
  public HeartbeatResult heartbeat(LeaseToken token) {
    Objects.requireNonNull(token, "token");
    Effects fx = new Effects();
    HeartbeatResult result;
    lock.lock();
    try {
      ensureRunning();
      Optional<SlotEntry> found = book.findByToken(token);
      if (found.isEmpty()) {
        result = new UnknownLease();
      } else if (book.isPastDeadline(found.get())) {
        reaper.end(found.get(), LeaseEnd.Reason.EXPIRED, fx);
        result = new UnknownLease();
      } else {
        result = new HeartbeatResult.Renewed(book.renew(found.get()));
        journal.changed();
      }
    } finally {
      lock.unlock();
    }
    fx.run();
    if (result instanceof HeartbeatResult.Renewed || !fx.isEmpty()) {
      journal.writeBehind();
    }
    return result;
  }

  /**
   * Ends the lease, saved before its reset starts (else it stays active: {@code NotSaved}). The
   * reply does not wait for the reset; see {@link ReleaseResult.Released}.
   */
  public ReleaseResult release(LeaseToken token) {
    Objects.requireNonNull(token, "token");
    Effects fx = new Effects();
    ReleaseResult result;
    SlotEntry entry = null;
    ActiveLease lease = null;
    lock.lock();
    try {
      ensureRunning();
      Optional<SlotEntry> found = book.findByToken(token);
      if (found.isEmpty()) {
        result = new UnknownLease();
      } else {
        entry = found.get();
        lease = entry.lease;
        boolean expired = book.isPastDeadline(entry);
        reaper.end(entry, expired ? LeaseEnd.Reason.EXPIRED : LeaseEnd.Reason.RELEASED, fx);
        result = expired ? new UnknownLease() : new ReleaseResult.Released(book.snapshotOf(entry), entry.resetDone);
      }
    } finally {
      lock.unlock();
    }
    if (result instanceof ReleaseResult.Released released) {
      return gate.saveRelease(entry, lease, released, fx); // saved before the reset starts, or undone
    }
    fx.run();
    if (!fx.isEmpty()) {
      journal.writeBehind(); // an expired lease is gone, saved or not, as when its timer fires
    }
    return result;
  }

  /** The active lease with this token, as it stands (token included); memory only. */
  public Optional<Lease> lease(LeaseToken token) {
    Objects.requireNonNull(token, "token");
    return locked(() -> book.findByToken(token).filter(e -> !book.isPastDeadline(e)).map(book::toLease));
  }

  /**
   * A future that completes when this lease ends (released, expired, or the table closed); empty
   * when no active lease has the token. The daemon's {@code /hold} waits on it.
   */
  public Optional<CompletableFuture<LeaseEnd>> whenEnded(LeaseToken token) {
    return locked(() -> book.findByToken(token).map(e -> e.lease.ended));
  }

  /** Every active lease, token included, lowest slot first: for the daemon's lease-scoped endpoints. */
  public List<Lease> activeLeases() {
    return locked(() -> book.activeLeases());
  }

  /** A future that completes when the slot's current lease ends; empty when it is not leased. */
  public Optional<CompletableFuture<LeaseEnd>> whenEnded(int slot) {
    return locked(() -> book.get(slot).filter(e -> e.lease != null).map(e -> e.lease.ended));
  }

  /**
   * Every slot's public record, lowest index first, from memory: never a token, never a file
   * read. Which free slots other processes hold is as of the last {@link #refreshExternalHolders()}
   * or failed claim.
   */
  public PoolSnapshot snapshot() {
    return locked(() -> book.snapshot());
  }

  /** Whether {@link #refreshExternalHolders()} has anything to read; memory only. */
  public boolean externalHoldersStale() {
    return locked(() -> holders.isStale());
  }

  /**
   * Reads which free slots other processes hold (their lock files and {@code /proc/locks}), at
   * most every {@value HolderDiscovery#RECHECK_MILLIS} ms per slot. Blocks on files: call it off
   * any event loop, before a {@link #snapshot()} that should show them.
   */
  public void refreshExternalHolders() {
    holders.refresh();
  }

  /** The last {@value Counters#REAPED_KEPT} leases ended by expiry, newest last. */
  public List<ReapedLease> reaped() {
    return locked(() -> counters.reaped());
  }

  /**
   * Marks a free slot unhealthy (its browser stopped answering, say), so it is not handed out.
   * Leased and resetting slots are left alone; returns whether the slot changed.
   */
  public boolean markUnhealthy(int slot, String reason) {
    return announced(membership.markUnhealthy(slot, reason));
  }

  /** Returns an unhealthy slot to service; waiters may get it at once. Returns whether it changed. */
  public boolean markHealthy(int slot) {
    return announced(membership.markHealthy(slot));
  }

  /**
   * Calls {@code listener} after every change of the table: a lease granted, renewed or ended, a
   * reset done, a slot's health or membership changed. It runs on the thread that made the
   * change, possibly with the table's lock held: it must not block nor call into the table; note
   * the change and read {@link #snapshot()} from another thread. Returns an action that removes it.
   */
  public Runnable onChange(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    journal.changes().add(listener);
    return () -> journal.changes().remove(listener);
  }

  private boolean announced(boolean changed) {
    if (changed) {
      journal.changes().fire();
    }
    return changed;
  }

  /**
   * Brings a slot into the pool. Its flock decides at once whether it is free, dirty (then it is
   * reset first) or held by another process.
   */
  public PoolChangeResult addSlot(int index) {
    return membership.add(index);
  }

  /**
   * Brings a slot built elsewhere into the pool: a remote browser's ({@link
   * dev.escarp.core.slot.SlotLayout#remoteSlot}). As {@link #addSlot(int)} otherwise.
   */
  public PoolChangeResult addSlot(Slot slot) {
    Objects.requireNonNull(slot, "slot");
    return membership.add(slot);
  }

  /**
   * Takes a slot out of the pool. A leased slot is refused unless {@code force}, which ends the
   * lease (its holder's heartbeats then fail). The browser itself is not touched.
   */
  public PoolChangeResult removeSlot(int index, boolean force) {
    return membership.remove(index, force);
  }

  /** Counters and gauges for monitoring; memory only. */
  public TableStats stats() {
    return locked(() -> counters.stats(book.size(), book.leasedCount(), waits.size(), waits.countByClient()));
  }

  /** The identity of a lease that asks for none (autonomous, the pool's reset policy). */
  public LeaseIdentity defaultIdentity() {
    return book.defaultIdentity();
  }

  public Duration leaseTtl() {
    return ttl;
  }

  public SlotLayout layout() {
    return layout;
  }

  /** Whether the journal is being written, and how many writes failed since start; memory only. */
  public JournalStatus journalStatus() {
    return new JournalStatus(journal.failing(), journal.failures());
  }

  /** Problems met while restoring or persisting (also logged), oldest first. */
  public List<String> problems() {
    return problems.all();
  }

  /** A read of the table's state under its lock. */
  private <T> T locked(java.util.function.Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the table: waiters get {@code PoolExhausted}, leases are saved (not ended) and their
   * flocks released, resets in progress are given a few seconds to finish. Browsers are never
   * touched, nor the threads it was given. Idempotent.
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
      waits.answerAll(new AcquireResult.PoolExhausted(book.snapshot()), fx);
      for (SlotEntry entry : book.entries()) {
        if (entry.state == SlotState.LEASED) {
          ActiveLease lease = entry.lease; // saved, not ended: the journal keeps it for the next start
          lease.expiryTimer.cancel();
          SlotSnapshot s = book.snapshotOf(entry);
          fx.add(() -> lease.ended.complete(new LeaseEnd(LeaseEnd.Reason.TABLE_CLOSED, s)));
          entry.claim.close();
        }
      }
      journal.changed();
    } finally {
      lock.unlock();
    }
    fx.run();
    journal.writeNow();
    resets.awaitRunning(RESET_GRACE_AT_CLOSE);
  }

  // ---- with the lock held ----

  private AcquireResult tryAcquire(AcquireRequest request, Effects fx) {
    return picker.tryAcquire(request, fx);
  }

  private void expiryDue(SlotEntry entry, ActiveLease lease) {
    reaper.expiryDue(entry, lease);
  }

  private void ensureRunning() {
    if (!started) {
      throw new IllegalStateException("start() the lease table before using it");
    }
    if (closed) {
      throw new IllegalStateException("the lease table is closed");
    }
  }
}
