package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.Slot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks a slot for a request: the named one, or the first free one (by the table's backend
 * preference, then lowest index) whose flock is ours to take.
 * A slot a dead holder left dirty is sent to its reset and skipped. Guarded by the table's lock:
 * called with it held.
 */
final class SlotPicker {

  private final SlotBook book;
  private final HolderDiscovery holders;
  private final ResetCoordinator resets;
  private final JournalWriter journal;
  private final Admission admission;
  private final Comparator<Slot> preference;

  SlotPicker(SlotBook book, HolderDiscovery holders, ResetCoordinator resets, JournalWriter journal,
      Admission admission, Comparator<Slot> preference) {
    this.admission = admission;
    this.preference = preference;
    this.book = book;
    this.holders = holders;
    this.resets = resets;
    this.journal = journal;
  }

  /** The lowest free slot or the named one, claimed and leased; or why not (its client's quota too). Lock held. */
  AcquireResult tryAcquire(AcquireRequest request, Effects fx) {
    Optional<AcquireResult> refused = admission.leaseLimit(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (request.slot().isPresent()) {
      int index = request.slot().getAsInt();
      Optional<SlotEntry> entry = book.get(index);
      if (entry.isEmpty()) {
        return new AcquireResult.UnknownSlot(index);
      }
      if (entry.get().state != SlotState.FREE) {
        return new AcquireResult.SlotTaken(index, entry.get().state);
      }
      Optional<SlotClaim> claim = holders.claim(entry.get(), request.holder());
      if (claim.isEmpty()) {
        return new AcquireResult.SlotTaken(index, SlotState.EXTERNAL);
      }
      if (claim.get().needsReset()) {
        resets.start(entry.get(), claim.get(), fx);
        return new AcquireResult.SlotTaken(index, SlotState.RESETTING);
      }
      return granted(entry.get(), claim.get(), request);
    }
    for (SlotEntry entry : inPreferredOrder()) {
      if (entry.state != SlotState.FREE) {
        continue;
      }
      Optional<SlotClaim> claim = holders.claim(entry, request.holder());
      if (claim.isPresent() && claim.get().needsReset()) {
        resets.start(entry, claim.get(), fx);
      } else if (claim.isPresent()) {
        return granted(entry, claim.get(), request);
      }
    }
    return new AcquireResult.PoolExhausted(book.snapshot());
  }

  /** Free slots by backend preference (local first unless configured otherwise); pools are small. */
  private List<SlotEntry> inPreferredOrder() {
    List<SlotEntry> entries = new ArrayList<>(book.entries());
    entries.sort(Comparator.comparing(e -> e.slot, preference));
    return entries;
  }

  private AcquireResult granted(SlotEntry entry, SlotClaim claim, AcquireRequest request) {
    Lease lease = book.grant(entry, claim, request);
    journal.changed();
    return new AcquireResult.Granted(lease);
  }
}
