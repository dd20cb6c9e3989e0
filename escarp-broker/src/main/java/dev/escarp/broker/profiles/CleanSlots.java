package dev.escarp.broker.profiles;

import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daemon's resetter, remembering which slots its last reset wiped ({@code clean}). Every
 * lease ends in a reset, so a slot whose last reset was clean has had no holder since: a profile
 * can be loaded into it without wiping it again. A daemon that just started knows no slot clean.
 */
public final class CleanSlots implements SlotResetter {

  private final SlotResetter delegate;
  private final String poolPolicy;
  private final Set<Integer> clean = ConcurrentHashMap.newKeySet();

  /** @param poolPolicy the policy {@code delegate.reset(slot)} resets by */
  public CleanSlots(SlotResetter delegate, String poolPolicy) {
    this.delegate = delegate;
    this.poolPolicy = poolPolicy;
  }

  @Override
  public void reset(Slot slot) throws Exception {
    clean.remove(slot.index());
    delegate.reset(slot);
    if (poolPolicy.equals(LeaseIdentity.CLEAN)) {
      clean.add(slot.index());
    }
  }

  @Override
  public void reset(Slot slot, String resetPolicy) throws Exception {
    clean.remove(slot.index());
    delegate.reset(slot, resetPolicy);
    if (resetPolicy.equals(LeaseIdentity.CLEAN)) {
      clean.add(slot.index());
    }
  }

  /** Whether the slot was wiped and nobody held it since; forgets it (the caller's lease now does). */
  boolean takeClean(int slot) {
    return clean.remove(slot);
  }
}
