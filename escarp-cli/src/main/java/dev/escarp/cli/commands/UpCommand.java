package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.DaemonControl;
import dev.escarp.cli.support.PoolLaunch;
import dev.escarp.cli.support.StatusTable;
import dev.escarp.cli.support.WindowCalibration;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.PoolStatus;
import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.config.PoolConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code escarp up}: the pool and the daemon, running, in one step; harmless to repeat. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Launch the pool and the daemon, then show the pool.",
        "Launches the pool's missing browsers, starts the daemon in the background unless one",
        "serves, waits until it does, and prints the status table. Safe to re-run."})
public final class UpCommand implements Callable<Integer> {

  @Mixin
  private PoolShapeOptions shape = new PoolShapeOptions();

  private final CliContext context;

  public UpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PoolConfig config = shape.applyTo(context.poolConfig());
    if (shape.given() || !context.poolConfigStore().file().toFile().exists()) {
      context.poolConfigStore().save(config);
    }
    PoolLaunch.Summary launched = new PoolLaunch(context).launch(config,
        context.layout(config).slots(config.poolSize()), LaunchOptions.defaults());
    if (!config.cuaApps()) {
      new WindowCalibration(context).calibrate(context.layout(config).slots(config.poolSize()));
    }
    if (config.poolSize() > 0 && launched.failed() == config.poolSize()) {
      throw new CliException(ExitCodes.FAILURE, "no browser of the pool is running (see above); set "
          + "ESCARP_CHROME to a Chromium or Chrome binary, or install Chromium");
    }

    DaemonControl daemon = new DaemonControl(context);
    Optional<DaemonPidFile.Entry> running = daemon.running();
    BrokerClient client = context.broker();
    if (running.isPresent() && client.isServing()) {
      context.out().printf("daemon already serving at %s (pid %d)%n", client.baseUri(), running.get().pid());
    } else {
      long pid = daemon.startInBackground();
      client = context.broker(); // where the new daemon serves, from its pid file
      context.out().printf("daemon started at %s (pid %d); log: %s%n", client.baseUri(), pid, daemon.logFile());
    }
    PoolStatus status = CliContext.orExit(client.status());
    if (status.poolSize() != config.poolSize()) {
      context.err().printf("escarp: warning: the daemon brokers %d slots, pool.json says %d; "
          + "run `escarp scale %d` to reconcile%n", status.poolSize(), config.poolSize(), config.poolSize());
    }
    StatusTable.print(status, System.currentTimeMillis() / 1000.0, context.out());
    return launched.allUp() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
