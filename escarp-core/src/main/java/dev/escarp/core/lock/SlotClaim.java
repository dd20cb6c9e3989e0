package dev.escarp.core.lock;

import dev.escarp.core.slot.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Exclusive possession of a slot, backed by an exclusive {@code flock(2)} on its lock file. The
 * kernel drops the lock when this process dies, however it dies, so a claim can never go stale.
 *
 * <p>Typical use: if {@link #needsReset()}, reset the browser first; drive it; reset it; call
 * {@link #markClean()}; {@link #close()}. A claim closed without {@code markClean()} leaves the
 * slot marked {@code in_use}, and the next claimant is told to reset it. Closing twice is harmless.
 *
 * <p>Thread-safe.
 */
public final class SlotClaim implements AutoCloseable {

  private final SlotAllocator allocator;
  private final NativeLocks locks;
  private final Slot slot;
  private final boolean needsReset;
  private final Instant since;
  private final LockFiles files;
  private final LockFiles.Kept file;
  private String holder;
  private boolean open = true;
  /** Whether the next record must cut the file: it held more than a record when claimed. */
  private boolean cut;

  SlotClaim(SlotAllocator allocator, NativeLocks locks, LockFiles files, LockFiles.Kept file, Slot slot,
      String holder, boolean needsReset, Instant since, boolean cut) {
    this.allocator = allocator;
    this.locks = locks;
    this.files = files;
    this.file = file;
    this.slot = slot;
    this.cut = cut;
    this.holder = holder;
    this.needsReset = needsReset;
    this.since = since;
  }

  public Slot slot() {
    return slot;
  }

  /** True when the previous holder let go without a successful reset (it crashed, say). */
  public boolean needsReset() {
    return needsReset;
  }

  public synchronized String holder() {
    return holder;
  }

  public Instant since() {
    return since;
  }

  public synchronized boolean isOpen() {
    return open;
  }

  /** Records that the slot's browser has been reset, so the next claimant need not reset it. */
  public synchronized void markClean() {
    write(LockRecord.State.CLEAN);
  }

  /** Hands the claim to a new holder without letting go of the lock: the record says in_use again. */
  public synchronized void reassign(String newHolder) {
    SlotAllocator.requireHolder(newHolder);
    this.holder = newHolder;
    write(LockRecord.State.IN_USE);
  }

  /** Unlocks the slot (its lock file stays open in this process for the next claim). Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (!open) {
        return;
      }
      files.unlock(file);
      open = false;
    }
    allocator.slotReleased();
  }

  void writeInUse() {
    write(LockRecord.State.IN_USE);
  }

  private void write(LockRecord.State state) {
    if (!open) {
      throw new IllegalStateException("the claim on slot " + slot.index() + " is closed");
    }
    byte[] json = new LockRecord(locks.pid(), holder, since.toEpochMilli() / 1000.0, state).toJson();
    try {
      file.writeRecord(json, cut);
      cut = false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "SlotClaim[slot=" + slot.index() + ", holder=" + holder() + (isOpen() ? "" : ", closed") + "]";
  }
}
