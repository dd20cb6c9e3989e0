package dev.escarp.core.lock;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import java.nio.file.Path;

/**
 * A child process for cross-process tests: claims slot {@code args[1]} of the escarp home
 * {@code args[0]} as holder {@code args[2]}, prints {@code HELD}, and sleeps until killed. With
 * {@code args[3]} = {@code reclaim}, it claims, releases and claims again first, so the slot is
 * held through the lock file its allocator kept open.
 */
public final class HoldSlotMain {

  public static void main(String[] args) throws Exception {
    Slot slot = new SlotLayout(new EscarpHome(Path.of(args[0])), 9222, "autonomous")
        .slot(Integer.parseInt(args[1]));
    SlotAllocator allocator = new SlotAllocator(Clock.system());
    if (args.length > 3 && args[3].equals("reclaim")) {
      SlotClaim first = allocator.tryClaim(slot, args[2])
          .orElseThrow(() -> new IllegalStateException("slot " + slot.index() + " is taken"));
      first.close();
    }
    SlotClaim claim = allocator.tryClaim(slot, args[2])
        .orElseThrow(() -> new IllegalStateException("slot " + slot.index() + " is taken"));
    System.out.println("HELD " + claim.slot().index());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
