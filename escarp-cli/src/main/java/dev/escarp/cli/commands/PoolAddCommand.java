package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.PoolLaunch;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.PoolStatus;
import dev.escarp.client.SlotRecord;
import dev.escarp.core.config.PoolConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escarp pool add [N]}: launch one more browser and have the running daemon broker it. */
@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Add a slot to the running pool.",
        "Launches slot N's browser (default: the next slot) and has the daemon broker it.",
        "Persists the new pool size."})
public final class PoolAddCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "N", description = "The slot to add (default: the pool's size).")
  private Integer slot;

  @Option(names = "--no-launch", description = "Do not launch: a browser must already listen on the slot's port.")
  private boolean noLaunch;

  private final CliContext context;

  public PoolAddCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    BrokerClient broker = context.broker();
    PoolStatus status = CliContext.orExit(broker.status());
    int index = slot != null ? slot : firstGap(status);
    if (index < 0) {
      throw new CliException(ExitCodes.USAGE, "slot must be >= 0, got " + index);
    }
    PoolConfig config = context.poolConfig();
    if (!noLaunch) {
      PoolLaunch.Summary launched = new PoolLaunch(context).launch(config,
          List.of(context.layout(config).slot(index)), LaunchOptions.defaults());
      if (!launched.allUp()) {
        throw new CliException(ExitCodes.FAILURE, "slot " + index + "'s browser did not start");
      }
    }
    SlotRecord added = CliContext.orExit(broker.poolAdd(index));
    context.out().printf("slot %d added (cdp port %d)%n", added.slot(), added.cdpPort());
    if (index >= config.poolSize()) {
      context.poolConfigStore().save(config.withPoolSize(index + 1));
      context.out().printf("pool size is now %d (pool.json)%n", index + 1);
    }
    return ExitCodes.OK;
  }

  private static int firstGap(PoolStatus status) {
    int index = 0;
    while (status.slot(index).isPresent()) {
      index++;
    }
    return index;
  }
}
