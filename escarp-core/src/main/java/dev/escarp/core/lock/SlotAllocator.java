package dev.escarp.core.lock;

import dev.escarp.core.files.PrivateFiles;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Claims slots with an exclusive {@code flock(2)} on {@code slot-<s>.lock}, so that every process
 * on the host (daemons, embedded test harnesses, MCP shims, {@code flock(1)}) agrees on who holds
 * which slot. The kernel arbitrates; no lock outlives its process.
 *
 * <p>Thread-safe. Claims in this process wake this allocator's waiters at once; claims released
 * by other processes are noticed by polling every {@value #POLL_MILLIS} ms.
 */
public final class SlotAllocator {

  static final long POLL_MILLIS = 10;

  private final NativeLocks locks;
  private final LockFiles files;
  private final Clock clock;
  private final long pollNanos;
  private final Object released = new Object();
  private long releaseCount;

  public SlotAllocator(Clock clock) {
    this(clock, Duration.ofMillis(POLL_MILLIS));
  }

  /** With another interval for noticing releases by other processes; tests use it to tell waking from polling. */
  SlotAllocator(Clock clock, Duration pollInterval) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pollNanos = pollInterval.toNanos();
    this.locks = new NativeLocks();
    this.files = new LockFiles(locks);
  }

  /**
   * Claims this slot if nobody holds it; empty when someone does.
   *
   * @throws UncheckedIOException when the slot's lock file cannot be opened or locked (see
   *     {@link #lockProblem})
   */
  public Optional<SlotClaim> tryClaim(Slot slot, String holder) {
    requireHolder(holder);
    try {
      Optional<LockFiles.Kept> locked = files.lock(slot.lockFile());
      if (locked.isEmpty()) {
        return Optional.empty();
      }
      LockFiles.Kept file = locked.get();
      try {
        byte[] record;
        synchronized (file) {
          record = file.readRecord(); // what is there now: this claim holds the lock
        }
        boolean dirty = LockRecord.parse(record).map(r -> r.state() == LockRecord.State.IN_USE).orElse(false);
        boolean cut = record.length >= LockFiles.MAX_RECORD; // more than was read: cut it once
        Instant since = Instant.ofEpochMilli(clock.epochMillis());
        SlotClaim claim = new SlotClaim(this, locks, files, file, slot, holder, dirty, since, cut);
        claim.writeInUse();
        return Optional.of(claim);
      } catch (IOException | RuntimeException e) {
        files.unlock(file);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Why this slot's lock file cannot be used (a folder where the file should be, no permission),
   * found by opening and closing it without locking: nobody's lock is disturbed. Empty when it
   * can be; {@link #tryClaim} throws {@link UncheckedIOException} with the same reason when not.
   */
  public Optional<String> lockProblem(Slot slot) {
    try {
      PrivateFiles.directories(slot.lockFile().getParent());
      locks.close(locks.open(slot.lockFile()));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Claims the first of these slots that nobody holds (pass them lowest first). */
  public Optional<SlotClaim> tryClaimFirstFree(List<Slot> slots, String holder) {
    requireHolder(holder);
    for (Slot slot : slots) {
      Optional<SlotClaim> claim = tryClaim(slot, holder);
      if (claim.isPresent()) {
        return claim;
      }
    }
    return Optional.empty();
  }

  /**
   * Claims the first free one of these slots, waiting up to {@code timeout} for one to free up.
   * Empty when none did in time.
   */
  public Optional<SlotClaim> claim(List<Slot> slots, String holder, Duration timeout)
      throws InterruptedException {
    requireHolder(holder);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    long deadline = clock.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (released) {
        seen = releaseCount;
      }
      Optional<SlotClaim> claim = tryClaimFirstFree(slots, holder);
      if (claim.isPresent()) {
        return claim;
      }
      long left = deadline - clock.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      synchronized (released) {
        if (releaseCount == seen) {
          TimeUnit.NANOSECONDS.timedWait(released, Math.min(left, pollNanos));
        }
      }
    }
  }

  /**
   * Who holds this slot, read without disturbing the lock: on Linux from {@code /proc/locks} and
   * the holder's record; elsewhere from the record and whether its pid is alive.
   */
  public Optional<SlotHolder> holderOf(Slot slot) {
    if (!Files.exists(slot.lockFile())) {
      return Optional.empty();
    }
    Optional<LockRecord> record = readRecord(slot);
    Optional<LockRecord> inUse = record.filter(r -> r.state() == LockRecord.State.IN_USE);
    if (ProcLocks.available()) {
      OptionalLong pid = ProcLocks.holderPid(slot.lockFile());
      if (pid.isPresent()) {
        // The record describes the lock's holder only if that holder wrote it.
        long holderPid = pid.getAsLong();
        return Optional.of(toHolder(holderPid, inUse.filter(r -> r.pid() == holderPid)));
      }
      return Optional.empty();
    }
    return inUse.filter(r -> locks.isAlive(r.pid())).map(r -> toHolder(r.pid(), inUse));
  }

  /** This process's pid, as written into the lock records of its claims. */
  public long pid() {
    return locks.pid();
  }

  void slotReleased() {
    synchronized (released) {
      releaseCount++;
      released.notifyAll();
    }
  }

  static void requireHolder(String holder) {
    Objects.requireNonNull(holder, "holder");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
  }

  private static SlotHolder toHolder(long pid, Optional<LockRecord> record) {
    return new SlotHolder(
        record.map(LockRecord::pid).filter(p -> p > 0).orElse(pid),
        record.map(LockRecord::holder).filter(h -> !h.isEmpty()),
        record.map(r -> Instant.ofEpochMilli(Math.round(r.sinceEpochSeconds() * 1000))));
  }

  private static Optional<LockRecord> readRecord(Slot slot) {
    try {
      return LockRecord.parse(Files.readAllBytes(slot.lockFile()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
