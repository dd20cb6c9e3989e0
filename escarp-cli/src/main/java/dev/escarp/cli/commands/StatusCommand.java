package dev.escarp.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.StatusTable;
import dev.escarp.client.PoolStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code escarp status}: the pool as the daemon sees it. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show every slot: state, holder, time to expiry, dev ports, CDP port.")
public final class StatusCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Print the daemon's /status reply as JSON.")
  private boolean json;

  private final CliContext context;

  public StatusCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    PoolStatus status = CliContext.orExit(context.broker().status());
    if (json) {
      context.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status.json()));
    } else {
      StatusTable.print(status, System.currentTimeMillis() / 1000.0, context.out());
    }
    return ExitCodes.OK;
  }
}
