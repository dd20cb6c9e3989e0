package dev.escarp.core;

import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import java.lang.System.Logger.Level;

/**
 * A slot this process holds, from {@link EscarpPool}. Closing it resets the browser, marks the
 * slot clean and unlocks it; if the reset fails, the slot stays marked dirty and the next
 * claimant resets it. If this process dies instead, the kernel unlocks the slot at once and the
 * next claimant is told to reset it. Closing twice is harmless.
 */
public final class ClaimedSlot implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ClaimedSlot.class.getName());

  private final SlotClaim claim;
  private final SlotResetter resetter;

  ClaimedSlot(SlotClaim claim, SlotResetter resetter) {
    this.claim = claim;
    this.resetter = resetter;
  }

  public Slot slot() {
    return claim.slot();
  }

  public String holder() {
    return claim.holder();
  }

  public boolean isOpen() {
    return claim.isOpen();
  }

  @Override
  public void close() {
    if (!claim.isOpen()) {
      return;
    }
    try {
      resetter.reset(claim.slot());
      claim.markClean();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "reset of slot " + claim.slot().index()
          + " failed; the next claimant will reset it: " + e.getMessage());
    } finally {
      claim.close();
    }
  }

  @Override
  public String toString() {
    return "ClaimedSlot[slot=" + claim.slot().index() + ", holder=" + claim.holder() + "]";
  }
}
