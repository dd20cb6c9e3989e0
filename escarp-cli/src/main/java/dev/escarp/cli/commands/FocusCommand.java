package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.MacIdentity;
import dev.escarp.macos.window.FocusResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code escarp focus <slot>}: bring a slot's window forward, and say so only when verified. */
@Command(name = "focus", mixinStandardHelpOptions = true,
    description = {"Bring a slot's window to the front (macOS).",
        "CDP Page.bringToFront, app activation and an accessibility raise; succeeds only when the",
        "slot's window (or per-slot app) is verifiably in front."})
public final class FocusCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SLOT", description = "The slot.")
  private int slot;

  private final CliContext context;

  public FocusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    focus(slot);
    return ExitCodes.OK;
  }

  /** Focuses the slot, or fails with a one-line reason. */
  void focus(int index) {
    if (index < 0) {
      throw new CliException(ExitCodes.USAGE, "slot must be >= 0, got " + index);
    }
    var config = context.poolConfig();
    FocusResult result = MacIdentity.with(context, mac -> mac.focus(context.layout(config).slot(index)));
    if (result instanceof FocusResult.Focused) {
      context.out().printf("slot %d is in front (verified)%n", index);
      return;
    }
    if (result instanceof FocusResult.NotVerified not) {
      throw new CliException(ExitCodes.FAILURE, "slot " + index + " could not be verified in front: " + not.reason());
    }
    if (result instanceof FocusResult.NotCalibrated not) {
      throw new CliException(ExitCodes.FAILURE, "slot " + index + ": " + not.note());
    }
    throw new CliException(ExitCodes.FAILURE, ((FocusResult.Unavailable) result).reason()
        + "; slot " + index + " has no OS window to bring forward here");
  }
}
