package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.cdp.launch.StopResult;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.SlotRemoved;
import dev.escarp.core.config.PoolConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escarp pool remove N}: take one slot out of the running pool and end its browser. */
@Command(name = "remove", mixinStandardHelpOptions = true,
    description = {"Remove a slot from the running pool.",
        "The daemon stops brokering slot N; then its browser is stopped and its profile deleted."})
public final class PoolRemoveCommand implements Callable<Integer> {

  @Parameters(paramLabel = "N", description = "The slot to remove.")
  private int slot;

  @Option(names = "--force", description = "Remove it even while it is leased.")
  private boolean force;

  @Option(names = "--keep-chrome", description = "Leave its browser running.")
  private boolean keepChrome;

  @Option(names = "--keep-data", description = "Keep its profile directory.")
  private boolean keepData;

  private final CliContext context;

  public PoolRemoveCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (slot < 0) {
      throw new CliException(ExitCodes.USAGE, "slot must be >= 0, got " + slot);
    }
    BrokerClient broker = context.broker();
    BrokerResult<SlotRemoved> removed = broker.poolRemove(slot, force);
    if (removed instanceof BrokerResult.Refused<SlotRemoved> refused && refused.error().is("slot_leased")) {
      throw new CliException(ExitCodes.LEASED, "slot " + slot + " is leased; add --force to remove it anyway");
    }
    CliContext.orExit(removed);
    context.out().printf("slot %d removed from the pool%n", slot);
    PoolConfig config = context.poolConfig();
    if (!keepChrome) {
      StopResult stopped = new SlotStopper(context.browserProcesses())
          .stop(context.layout(config).slot(slot), !keepData);
      context.out().printf("slot %d: %s%s%n", slot,
          stopped.pids().isEmpty() ? "no browser was running" : "browser stopped",
          stopped.dataRemoved() ? ", profile deleted" : "");
      if (!stopped.stopped()) {
        throw new CliException(ExitCodes.FAILURE, "slot " + slot + "'s browser survived: " + stopped.survivors());
      }
    }
    if (slot == config.poolSize() - 1) {
      context.poolConfigStore().save(config.withPoolSize(slot));
      context.out().printf("pool size is now %d (pool.json)%n", slot);
    }
    return ExitCodes.OK;
  }
}
