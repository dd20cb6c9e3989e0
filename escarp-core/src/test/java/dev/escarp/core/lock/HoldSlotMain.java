package dev.escarp.core.lock;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import java.nio.file.Path;

/**
 * A child process for cross-process tests: claims slot {@code args[1]} of the escarp home
 * {@code args[0]} as holder {@code args[2]}, prints {@code HELD}, and sleeps until killed.
 */
public final class HoldSlotMain {

  public static void main(String[] args) throws Exception {
    Slot slot = new SlotLayout(new EscarpHome(Path.of(args[0])), 9222, "autonomous")
        .slot(Integer.parseInt(args[1]));
    SlotClaim claim = new SlotAllocator(Clock.system()).tryClaim(slot, args[2])
        .orElseThrow(() -> new IllegalStateException("slot " + slot.index() + " is taken"));
    System.out.println("HELD " + claim.slot().index());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
