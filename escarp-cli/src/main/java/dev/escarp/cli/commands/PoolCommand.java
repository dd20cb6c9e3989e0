package dev.escarp.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code escarp pool}: change the running pool without restarting the daemon. */
@Command(name = "pool", mixinStandardHelpOptions = true,
    description = "Add or remove one slot of the running pool, without a daemon restart.",
    synopsisSubcommandLabel = "(add | remove)",
    subcommands = {PoolAddCommand.class, PoolRemoveCommand.class})
public final class PoolCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "pool needs a subcommand: add or remove");
  }
}
