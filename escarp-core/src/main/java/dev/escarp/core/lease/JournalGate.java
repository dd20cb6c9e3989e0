package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a grant or a release stand only once the journal holds it; otherwise takes it back, so the
 * table is as it was and the caller is told {@code NotSaved}. A grant taken back frees its slot
 * and its flock (the browser was never handed out, so it stays clean). A release taken back leaves
 * the lease active, token, expiry and flock as they were, and its slot is not reset: the holder
 * may retry the release or go on using the browser. Called without the table's lock; takes it.
 */
final class JournalGate {

  private final ReentrantLock tableLock;
  private final SlotBook book;
  private final JournalWriter journal;

  JournalGate(ReentrantLock tableLock, SlotBook book, JournalWriter journal) {
    this.tableLock = tableLock;
    this.book = book;
    this.journal = journal;
  }

  /** The grant, once saved; else the grant is undone and the answer is {@code NotSaved}. */
  AcquireResult saveGrant(AcquireResult.Granted granted) {
    if (journal.writeNow()) {
      return granted;
    }
    tableLock.lock();
    try {
      Optional<SlotEntry> found = book.findByToken(granted.lease().token());
      if (found.isPresent()) {
        SlotEntry entry = found.get();
        book.observer().ended(book.toLease(entry), LeaseEnd.Reason.RELEASED);
        book.detachLease(entry);
        SlotClaim claim = entry.claim;
        entry.state = SlotState.FREE;
        entry.claim = null;
        try {
          claim.markClean(); // nobody got the browser: the next holder need not reset it
        } catch (RuntimeException e) {
          // the lock record could not be written either: the next claimant resets it, harmlessly
        }
        claim.close();
        journal.changed();
      }
    } finally {
      tableLock.unlock();
    }
    return new AcquireResult.NotSaved(why());
  }

  /**
   * The release of {@code lease} from {@code entry}, already made in memory, once saved: then its
   * effects run (the reset, the news that the lease ended). When it cannot be saved, the lease is
   * put back as it was, the effects are dropped and the answer is {@code NotSaved}. When the slot
   * changed meanwhile (the table closed, the slot left the pool) there is nothing to put back: the
   * effects run and the answer is still {@code NotSaved}.
   */
  ReleaseResult saveRelease(SlotEntry entry, ActiveLease lease, ReleaseResult.Released released,
      Effects fx) {
    if (journal.writeNow()) {
      fx.run();
      return released;
    }
    boolean undone = false;
    tableLock.lock();
    try {
      if (entry.state == SlotState.RESETTING && entry.lease == null
          && book.get(entry.index()).orElse(null) == entry) {
        book.reattach(entry, lease);
        book.observer().granted(book.toLease(entry));
        entry.resetDone.complete(SlotState.LEASED); // no reset ran; nobody waits on this one
        journal.changed();
        undone = true;
      }
    } finally {
      tableLock.unlock();
    }
    if (!undone) {
      fx.run();
    }
    return new ReleaseResult.NotSaved(why());
  }

  String why() {
    return journal.failing().orElse("the lease journal cannot be written");
  }
}
