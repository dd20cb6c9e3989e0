package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code escarp profile rm NAME}. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a profile (refused while a lease holds it).")
public final class ProfileRmCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME")
  private String name;

  private final CliContext context;

  public ProfileRmCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CliContext.orExit(context.broker().deleteProfile(name));
    context.out().println("profile " + name + " removed");
    return ExitCodes.OK;
  }
}
