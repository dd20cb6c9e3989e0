package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.cdp.launch.StopResult;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.DaemonControl;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.SlotRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code escarp daemon stop}: stop the daemon; with --kill-pool, its browsers too. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = {"Stop the daemon; with --kill-pool, its browsers too.",
        "SIGTERM, then SIGKILL after the grace period. Leases stay in the journal; browsers keep",
        "running unless --kill-pool."})
public final class DaemonStopCommand implements Callable<Integer> {

  @Option(names = "--kill-pool", description = "Also stop every browser of the pool.")
  private boolean killPool;

  @Option(names = "--force", description = "With --kill-pool: stop browsers even while slots are leased.")
  private boolean force;

  @Option(names = "--grace", paramLabel = "S", defaultValue = "10",
      description = "Seconds to wait after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
  private int graceSeconds;

  private final CliContext context;

  public DaemonStopCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (graceSeconds < 0) {
      throw new CliException(ExitCodes.USAGE, "--grace must be >= 0, got " + graceSeconds);
    }
    DaemonControl control = new DaemonControl(context);
    if (killPool && !force) {
      refuseWhileLeased(control.serving());
    }
    Duration grace = Duration.ofSeconds(graceSeconds);
    long pid = control.running().map(e -> e.pid()).orElse(-1L);
    if (control.stop(grace)) {
      context.out().printf("daemon stopped (pid %d)%n", pid);
    } else {
      control.foreignPid().ifPresent(stranger -> context.err().printf(
          "escarp: %s names pid %d, which is not an escarp daemon of this home; left it alone%n",
          context.home().daemonPidFile(), stranger));
      context.out().println("no daemon running for " + context.home().root());
    }
    if (killPool) {
      BrowserProcesses processes = context.browserProcesses();
      List<EscarpBrowser> browsers = processes.scan();
      SlotStopper stopper = new SlotStopper(processes, grace);
      int failures = 0;
      for (EscarpBrowser browser : browsers) {
        StopResult result = stopper.stop(browser.slot(), browser.profileDir(), false);
        if (result.stopped()) {
          context.out().printf("slot %d: browser stopped (pid %d)%n", browser.slot(), browser.pid());
        } else {
          failures++;
          context.out().printf("slot %d: browser survived (pids %s)%n", browser.slot(), result.survivors());
        }
      }
      context.out().printf("%d browsers stopped%n", browsers.size() - failures);
      if (failures > 0) {
        throw new CliException(ExitCodes.FAILURE, failures + " browsers would not stop");
      }
    }
    return ExitCodes.OK;
  }

  private void refuseWhileLeased(Optional<BrokerClient> daemon) {
    if (daemon.isEmpty()) {
      return;
    }
    List<SlotRecord> busy = CliContext.orExit(daemon.get().status()).slots().stream()
        .filter(s -> s.state().equals("leased") || s.state().equals("external"))
        .collect(Collectors.toList());
    if (!busy.isEmpty()) {
      throw new CliException(ExitCodes.LEASED, "slots " + busy.stream().map(s -> s.slot() + " ("
          + s.holder().orElse("?") + ")").collect(Collectors.joining(", "))
          + " are in use; --kill-pool would end their browsers: add --force to do it anyway");
    }
  }
}
