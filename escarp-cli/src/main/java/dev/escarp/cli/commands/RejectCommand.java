package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code escarp reject LEASE_ID}: a human's decision on a supervised lease waiting for one. */
@Command(name = "reject", mixinStandardHelpOptions = true,
    description = "Reject a supervised lease waiting for a human (its lease_id is in escarp status --json).")
public final class RejectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LEASE_ID")
  private String leaseId;

  private final CliContext context;

  public RejectCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var record = CliContext.orExit(context.broker().reject(leaseId));
    context.out().println("rejected the lease " + leaseId + " on slot " + record.path("slot").asInt()
        + " (holder " + record.path("holder").asText() + ")");
    return ExitCodes.OK;
  }
}
