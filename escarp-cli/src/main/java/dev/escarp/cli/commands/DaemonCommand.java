package dev.escarp.cli.commands;

import dev.escarp.broker.daemon.DaemonMain;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.DaemonControl;
import dev.escarp.core.files.DaemonPidFile;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code escarp daemon}: serve leases in the foreground (Ctrl-C stops it) or in the background. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = {"Run the daemon that brokers leases (stop it with `daemon stop`).",
        "Discovers the pool's browsers and serves the HTTP API on 127.0.0.1 (ESCARP_API_PORT,",
        "default 7878). Foreground by default; Ctrl-C stops it and leaves every browser running."},
    subcommands = DaemonStopCommand.class)
public final class DaemonCommand implements Callable<Integer> {

  @Option(names = "--background", description = "Start it detached (log in $ESCARP_HOME/daemon.log) and return once it serves.")
  private boolean background;

  private final CliContext context;

  public DaemonCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    DaemonControl control = new DaemonControl(context);
    Optional<DaemonPidFile.Entry> running = control.running();
    if (running.isPresent()) {
      throw new CliException(ExitCodes.FAILURE, "a daemon already runs for " + context.home().root()
          + " (pid " + running.get().pid() + ", port " + running.get().port() + "); `escarp daemon stop` ends it");
    }
    if (background) {
      long pid = control.startInBackground();
      context.out().printf("daemon started at %s (pid %d); log: %s%n", context.broker().baseUri(), pid,
          control.logFile());
      return ExitCodes.OK;
    }
    context.out().flush();
    return DaemonMain.serve(context.env(), System.out, System.err);
  }
}
