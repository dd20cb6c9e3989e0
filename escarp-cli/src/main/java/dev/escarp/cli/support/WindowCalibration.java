package dev.escarp.cli.support;

import dev.escarp.cli.CliContext;
import dev.escarp.core.slot.Slot;
import dev.escarp.macos.window.CalibrationResult;
import java.util.List;

/**
 * After a launch on macOS, each plain (not per-slot app) slot's window is calibrated once per
 * browser (a slot whose recorded owner still runs is left alone), so
 * {@code window}, {@code focus} and the slot records can name its OS window. Elsewhere: nothing.
 */
public final class WindowCalibration {

  private final CliContext context;

  public WindowCalibration(CliContext context) {
    this.context = context;
  }

  public void calibrate(List<Slot> slots) {
    MacIdentity.with(context, mac -> {
      if (mac.windowsUnavailable().isPresent()) {
        return null;
      }
      for (Slot slot : slots) {
        boolean current = mac.windowIdentity(slot.index())
            .flatMap(id -> ProcessHandle.of(id.ownerPid())).map(ProcessHandle::isAlive).orElse(false);
        if (current) {
          continue; // calibrated against the browser that still runs: its window has not changed
        }
        CalibrationResult result = mac.calibrate(slot);
        if (result instanceof CalibrationResult.Calibrated c) {
          context.out().printf("slot %d: window calibrated (OS window %d of pid %d)%n", slot.index(),
              c.identity().osWindowId(), c.identity().ownerPid());
        } else if (result instanceof CalibrationResult.Failed f) {
          context.out().printf("slot %d: window not calibrated: %s%n", slot.index(), f.reason());
        }
      }
      return null;
    });
  }
}
