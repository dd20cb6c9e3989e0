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
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the journal in step with the table. Every change bumps a version under the table's lock;
 * {@link #writeNow()} writes the table as it is then, unless a write already covered that
 * version, so concurrent callers share one write. Acquire and release call it before they answer;
 * heartbeats and expiries use {@link #writeBehind()}, coalesced into one write within {@value
 * #BEHIND_MILLIS} ms on the I/O executor. A table without a journal file writes nothing.
 */
final class JournalWriter {

  static final long BEHIND_MILLIS = 50;

  private final Optional<LeaseJournal> journal;
  private final ReentrantLock tableLock;
  private final SlotBook book;
  private final Scheduler scheduler;
  private final Executor io;
  private final Problems problems;
  private final Object writeLock = new Object();
  private final AtomicBoolean behindPending = new AtomicBoolean();
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
  }

  /** Writes the table if it changed since the last write. Blocks on disk: never hold the lock. */
  void writeNow() {
    if (journal.isEmpty()) {
      return;
    }
    synchronized (writeLock) {
      List<LeaseJournal.Entry> entries;
      long v;
      tableLock.lock();
      try {
        v = version;
        if (writtenVersion >= v) {
          return; // a write that already covered this change happened while we queued
        }
        entries = book.journalEntries();
      } finally {
        tableLock.unlock();
      }
      try {
        journal.get().save(entries);
        writtenVersion = v;
      } catch (IOException e) {
        problems.report("cannot write the lease journal " + journal.get().file() + ": " + e.getMessage());
      }
    }
  }

  /** Asks for a write soon, off the caller's thread; returns at once. */
  void writeBehind() {
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
    }, TimeUnit.MILLISECONDS.toNanos(BEHIND_MILLIS));
  }
}
