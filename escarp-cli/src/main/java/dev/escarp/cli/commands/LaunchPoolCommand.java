package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.Display;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.CuaAppLaunch;
import dev.escarp.cli.support.PoolLaunch;
import dev.escarp.cli.support.WindowCalibration;
import dev.escarp.core.slot.Slot;
import java.util.List;
import java.util.Optional;
import dev.escarp.core.config.PoolConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code escarp launch-pool}: starts the pool's missing browsers, detached, and records the pool. */
@Command(name = "launch-pool", mixinStandardHelpOptions = true,
    description = {"Launch the pool's missing browsers, detached.",
        "The browsers outlive this command and every lease. Records the pool in",
        "$ESCARP_HOME/pool.json."})
public final class LaunchPoolCommand implements Callable<Integer> {

  @Mixin
  private PoolShapeOptions shape = new PoolShapeOptions();

  @ArgGroup(exclusive = true)
  private DisplayChoice display = new DisplayChoice();

  @Option(names = "--cua-apps", description = "macOS: give each slot its own app bundle, for computer-use agents.")
  private boolean cuaApps;

  private final CliContext context;

  public LaunchPoolCommand(CliContext context) {
    this.context = context;
  }

  /** --headless or --headed; neither: headless only where there is no display. */
  static final class DisplayChoice {
    @Option(names = "--headless", description = "No windows.")
    boolean headless;

    @Option(names = "--headed", description = "Windows, even without DISPLAY.")
    boolean headed;

    Display display() {
      return headless ? Display.HEADLESS : headed ? Display.HEADED : Display.AUTO;
    }
  }

  @Override
  public Integer call() {
    PoolConfig config = shape.applyTo(context.poolConfig());
    if (cuaApps) {
      config = config.withCuaApps(true);
    }
    LaunchOptions options = LaunchOptions.defaults().withDisplay(display.display());
    List<Slot> slots = context.layout(config).slots(config.poolSize());
    Optional<PoolLaunch.Summary> asApps = Optional.empty();
    if (cuaApps) {
      asApps = new CuaAppLaunch(context).launch(config, slots, options);
      if (asApps.isEmpty()) {
        context.err().println("escarp: warning: --cua-apps: per-slot app bundles exist only on macOS; "
            + "launching plain slots");
        config = config.withCuaApps(false);
      }
    }
    context.poolConfigStore().save(config);
    PoolLaunch.Summary summary = asApps.isPresent() ? asApps.get()
        : new PoolLaunch(context).launch(config, slots, options);
    if (asApps.isEmpty()) {
      new WindowCalibration(context).calibrate(slots); // macOS only: plain slots get an OS-window identity
    }
    if (!summary.allUp()) {
      throw new CliException(ExitCodes.FAILURE, summary.failed() + " of " + config.poolSize()
          + " browsers did not start (see the lines above)");
    }
    return ExitCodes.OK;
  }
}
