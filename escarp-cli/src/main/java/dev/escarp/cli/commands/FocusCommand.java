package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code escarp focus <slot>}: bring a slot's window forward, verified (macOS). */
@Command(name = "focus", mixinStandardHelpOptions = true,
    description = "Bring a slot's window to the front and verify it is the key window (macOS).")
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
    throw new CliException(ExitCodes.FAILURE, "focus is available only on macOS (this is "
        + System.getProperty("os.name") + "); slot " + index + " has no OS window to raise here");
  }
}
