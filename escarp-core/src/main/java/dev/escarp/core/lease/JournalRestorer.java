package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes stock of the pool at start: every unexpired journalled lease comes back with its token,
 * re-taking its flock and leaving its browser alone; leases that expired while the table was down
 * are reaped and their slots reset; free slots a last holder left dirty are reset. Runs once,
 * with the table's lock held.
 */
final class JournalRestorer {

  private final SlotBook book;
  private final SlotAllocator allocator;
  private final ResetCoordinator resets;
  private final Counters counters;
  private final Problems problems;
  private final Clock clock;
  private final String ownerName;

  JournalRestorer(SlotBook book, SlotAllocator allocator, ResetCoordinator resets, Counters counters,
      Problems problems, Clock clock, String ownerName) {
    this.book = book;
    this.allocator = allocator;
    this.resets = resets;
    this.counters = counters;
    this.problems = problems;
    this.clock = clock;
    this.ownerName = ownerName;
  }

  void restore(List<LeaseJournal.Entry> saved, Effects fx) {
    Map<Integer, LeaseJournal.Entry> bySlot = new HashMap<>();
    for (LeaseJournal.Entry e : saved) {
      if (book.contains(e.slot())) {
        bySlot.put(e.slot(), e);
      } else {
        problems.report("dropping the saved lease of slot " + e.slot() + " (holder " + e.holder()
            + "): the slot is no longer in the pool");
      }
    }
    long nowMillis = clock.epochMillis();
    for (SlotEntry entry : book.entries()) {
      LeaseJournal.Entry lease = bySlot.get(entry.index());
      String claimant = lease != null ? lease.holder() : ownerName;
      Optional<SlotClaim> claim = HolderDiscovery.claimOrMarkUnhealthy(allocator, entry, claimant);
      if (entry.state == SlotState.UNHEALTHY) {
        problems.report("slot " + entry.index() + " is unhealthy: " + entry.problem
            + (lease != null ? "; the lease of holder " + lease.holder() + " is not restored" : ""));
        continue;
      }
      if (claim.isEmpty()) {
        if (lease != null) {
          problems.report("cannot restore the lease of slot " + entry.index() + " (holder "
              + lease.holder() + "): another process holds the slot now");
        }
        continue;
      }
      if (lease != null && lease.expiresAtMillis() > nowMillis) {
        book.restore(entry, claim.get(), lease);
      } else if (lease != null) {
        counters.expired(entry.index(), lease.holder(), "expired while the table was down",
            Instant.ofEpochMilli(nowMillis));
        // A delegated lease is wiped even when it ended while the table was down.
        resets.start(entry, claim.get(), Optional.of(lease.identity().orElse(book.defaultIdentity())), fx);
      } else if (claim.get().needsReset()) {
        resets.start(entry, claim.get(), fx);
      } else {
        // Taking the flock wrote in_use; the slot was clean and still is.
        claim.get().markClean();
        claim.get().close();
      }
    }
  }
}
