package dev.escarp.core.lease;

import dev.escarp.core.time.Scheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the journal in step with the table. Every change bumps a version under the table's lock;
 * {@link #writeNow()} writes the table as it is then, unless a write already covered that
 * version, so concurrent callers share one write. Acquire and release call it before they answer;
 * heartbeats and expiries use {@link #writeBehind()}, coalesced into one write within {@value
 * #BEHIND_MILLIS} ms on the I/O executor. A table without a journal file writes nothing.
 *
 * <p>A failed write is counted and answered: {@link #writeNow()} returns false, so the caller can
 * refuse what it could not save. While writes fail, the journal is retried every {@value
 * #RETRY_MILLIS} ms, so it becomes writable again on its own once the disk has room; the first
 * failure and the recovery are reported (not every failure: a full disk would flood the log).
 */
final class JournalWriter {

  static final long BEHIND_MILLIS = 50;
  static final long RETRY_MILLIS = 1000;

  private final Optional<LeaseJournal> journal;
  private final ReentrantLock tableLock;
  private final SlotBook book;
  private final Scheduler scheduler;
  private final Executor io;
  private final Problems problems;
  private final Object writeLock = new Object();
  private final AtomicBoolean behindPending = new AtomicBoolean();
  private final AtomicLong failures = new AtomicLong();
  private final TableChanges changes = new TableChanges();
  /** Why the last write failed, or null while the journal is writable. */
  private volatile String failing;
  /** Guarded by the table's lock. */
  private long version;
  /** Guarded by {@link #writeLock}. */
  private long writtenVersion;

  JournalWriter(Optional<Path> file, ReentrantLock tableLock, SlotBook book, Scheduler scheduler,
      Executor io, Problems problems) {
    this.journal = file.map(LeaseJournal::new);
    this.tableLock = tableLock;
    this.book = book;
    this.scheduler = scheduler;
    this.io = io;
    this.problems = problems;
  }

  /** The saved leases; reads the file, so call it before taking the table's lock. */
  List<LeaseJournal.Entry> load() {
    return journal.map(j -> j.load(problems::report)).orElse(List.of());
  }

  /** Records that the table changed. Call with the table's lock held. */
  void changed() {
    version++;
    changes.fire();
  }

  /** The table's change listeners: every recorded change is announced to them. */
  TableChanges changes() {
    return changes;
  }

  /**
   * Writes the table if it changed since the last write. Returns whether the journal now holds
   * every change made before the call: false when the write failed. Blocks on disk: never hold
   * the lock.
   */
  boolean writeNow() {
    if (journal.isEmpty()) {
      return true;
    }
    synchronized (writeLock) {
      List<LeaseJournal.Entry> entries;
      long v;
      tableLock.lock();
      try {
        v = version;
        if (writtenVersion >= v) {
          return true; // a write that already covered this change happened while we queued
        }
        entries = book.journalEntries();
      } finally {
        tableLock.unlock();
      }
      try {
        journal.get().save(entries);
        writtenVersion = v;
      } catch (IOException | RuntimeException e) {
        failed(e);
        return false;
      }
      if (failing != null) {
        failing = null;
        problems.report("the lease journal " + journal.get().file() + " is writable again after "
            + failures.get() + " failed writes");
      }
      return true;
    }
  }

  /** Failed writes since start. */
  long failures() {
    return failures.get();
  }

  /** Why the last write failed, while writes fail; empty while the journal is writable. */
  Optional<String> failing() {
    return Optional.ofNullable(failing);
  }

  /** Asks for a write soon, off the caller's thread; returns at once. */
  void writeBehind() {
    writeLater(BEHIND_MILLIS);
  }

  /** Writing lock held. */
  private void failed(Exception e) {
    failures.incrementAndGet();
    String why = "cannot write the lease journal " + journal.get().file() + ": " + e;
    if (failing == null) {
      problems.report(why + "; acquire and release are refused until it can be written");
    }
    failing = why;
    writeLater(RETRY_MILLIS);
  }

  private void writeLater(long millis) {
    if (journal.isEmpty() || !behindPending.compareAndSet(false, true)) {
      return;
    }
    scheduler.schedule(() -> {
      try {
        io.execute(() -> {
          behindPending.set(false);
          writeNow();
        });
      } catch (RejectedExecutionException e) {
        behindPending.set(false); // closing: the table's close() writes the final state itself
      }
    }, TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
