package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.time.Clock;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Claims free slots through the flock allocator and keeps track of which free slots another
 * process holds (a second daemon, an embedded harness, a shim), so snapshots can show them as
 * external without touching the disk. Learning who holds a slot reads {@code /proc/locks} and the
 * lock file: {@link #refresh()} does it with the table's lock released, at most every {@value
 * #RECHECK_MILLIS} ms per slot, on whichever thread calls it (never an event loop).
 */
final class HolderDiscovery {

  static final long RECHECK_MILLIS = 200;
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
  /** Held by someone not yet known: shown as external until a refresh reads who. */
  private static final SlotHolder UNKNOWN = new SlotHolder(-1, Optional.empty(), Optional.empty());

  private final SlotAllocator allocator;
  private final Clock clock;
  private final ReentrantLock tableLock;
  private final SlotBook book;

  HolderDiscovery(SlotAllocator allocator, Clock clock, ReentrantLock tableLock, SlotBook book) {
    this.allocator = allocator;
    this.clock = clock;
    this.tableLock = tableLock;
    this.book = book;
  }

  /**
   * Tries the slot's flock for {@code holder}. A refusal marks the slot external at once. Call
   * with the table's lock held (a non-blocking {@code flock} is a system call, not a wait).
   */
  Optional<SlotClaim> claim(SlotEntry entry, String holder) {
    Optional<SlotClaim> claim = claimOrMarkUnhealthy(allocator, entry, holder);
    if (entry.state == SlotState.UNHEALTHY) {
      return claim;
    }
    if (claim.isPresent()) {
      entry.external = Optional.empty();
      entry.externalCheckedNanos = clock.nanoTime();
    } else if (entry.external.isEmpty()) {
      entry.external = Optional.of(UNKNOWN);
      entry.externalCheckedNanos = Long.MIN_VALUE / 2;
    }
    return claim;
  }

  /**
   * Tries the slot's flock; a lock file that cannot be used (a folder in its place, no
   * permission) makes the slot unhealthy with the reason instead of failing the caller, so one
   * bad slot does not stop the table starting or serving the others. Lock held.
   */
  static Optional<SlotClaim> claimOrMarkUnhealthy(SlotAllocator allocator, SlotEntry entry, String holder) {
    try {
      return allocator.tryClaim(entry.slot, holder);
    } catch (UncheckedIOException e) {
      entry.state = SlotState.UNHEALTHY;
      entry.problem = e.getCause().getMessage();
      entry.external = Optional.empty();
      return Optional.empty();
    }
  }

  /** Why the slot's lock file cannot be used, if it cannot. Touches the disk: a system call or two. */
  Optional<String> lockProblem(SlotEntry entry) {
    return allocator.lockProblem(entry.slot);
  }

  /** Whether some free slot's external holder is older than the recheck interval. Lock held. */
  boolean isStale() {
    long now = clock.nanoTime();
    return book.entries().stream().anyMatch(e -> isStale(e, now));
  }

  /** Reads who holds each free slot whose record is stale. Blocks on files: lock not held. */
  void refresh() {
    List<SlotEntry> stale = new ArrayList<>();
    tableLock.lock();
    try {
      long now = clock.nanoTime();
      book.entries().stream().filter(e -> isStale(e, now)).forEach(stale::add);
    } finally {
      tableLock.unlock();
    }
    for (SlotEntry entry : stale) {
      Optional<SlotHolder> holder = allocator.holderOf(entry.slot);
      tableLock.lock();
      try {
        if (entry.state == SlotState.FREE) {
          entry.external = holder;
          entry.externalCheckedNanos = clock.nanoTime();
        }
      } finally {
        tableLock.unlock();
      }
    }
  }

  private static boolean isStale(SlotEntry entry, long now) {
    return entry.state == SlotState.FREE && now - entry.externalCheckedNanos >= RECHECK_NANOS;
  }
}
