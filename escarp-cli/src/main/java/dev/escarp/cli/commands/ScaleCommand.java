package dev.escarp.cli.commands;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.cdp.launch.StopResult;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.DaemonControl;
import dev.escarp.cli.support.PoolLaunch;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.SlotRecord;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escarp scale N}: make the pool N slots: launch below, stop at and above, restart. */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = {"Resize the pool to N slots.",
        "Launches missing browsers below N, stops those at or above N (deleting their profiles),",
        "persists N in pool.json, and restarts the daemon so it brokers exactly N."})
public final class ScaleCommand implements Callable<Integer> {

  @Parameters(paramLabel = "N", description = "The new pool size.")
  private int size;

  @Option(names = "--dry-run", description = "Print the plan; change nothing.")
  private boolean dryRun;

  @Option(names = "--force", description = "Stop slots even while they are leased.")
  private boolean force;

  @Option(names = "--keep-data", description = "Keep the profiles of stopped slots.")
  private boolean keepData;

  @Option(names = "--no-restart", description = "Do not restart the daemon.")
  private boolean noRestart;

  private final CliContext context;

  public ScaleCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PoolConfig config = PoolShapeOptions.withOverrides(context.poolConfig(), size, null);
    SlotLayout layout = context.layout(config);
    BrowserProcesses processes = context.browserProcesses();
    VersionProbe probe = context.probe();

    List<Slot> toLaunch = layout.slots(size).stream()
        .filter(s -> !(probe.probe(s.cdpPort()) instanceof ProbeResult.Found))
        .collect(Collectors.toList());
    List<EscarpBrowser> toStop = processes.scan().stream()
        .filter(b -> b.slot() >= size).collect(Collectors.toList());
    TreeSet<Integer> stopSlots = toStop.stream().map(EscarpBrowser::slot)
        .collect(Collectors.toCollection(TreeSet::new));
    DaemonControl daemon = new DaemonControl(context);
    Optional<BrokerClient> serving = daemon.serving();

    context.out().printf("scale to %d: launch %s; stop %s; %s%n", size, describe(toLaunch.stream()
        .map(Slot::index).collect(Collectors.toList())), describe(new ArrayList<>(stopSlots)),
        noRestart || serving.isEmpty() ? "no daemon restart" : "restart the daemon");
    List<String> inUse = inUse(serving, layout, stopSlots);
    if (!inUse.isEmpty() && !force) {
      throw new CliException(ExitCodes.LEASED, "slots " + String.join(", ", inUse)
          + " are in use; add --force to stop them anyway");
    }
    if (dryRun) {
      return ExitCodes.OK;
    }

    if (serving.isPresent()) {
      // Out of the daemon first: it relaunches a browser that dies on a slot it serves.
      for (int slot : stopSlots) {
        BrokerResult<?> removed = serving.get().poolRemove(slot, true);
        if (!(removed instanceof BrokerResult.Refused<?> refused && refused.error().is("unknown_slot"))) {
          CliContext.orExit(removed);
        }
      }
    }
    SlotStopper stopper = new SlotStopper(processes);
    for (int slot : stopSlots) {
      Optional<EscarpBrowser> one = toStop.stream().filter(b -> b.slot() == slot).findFirst();
      StopResult stopped = stopper.stop(slot, one.orElseThrow().profileDir(), !keepData);
      context.out().printf("slot %d: %s%n", slot, stopped.stopped() ? "stopped" : "survived " + stopped.survivors());
    }
    context.poolConfigStore().save(config);
    PoolLaunch.Summary launched = new PoolLaunch(context).launch(config, toLaunch, LaunchOptions.defaults());
    if (serving.isPresent() && !noRestart) {
      daemon.stop(Duration.ofSeconds(10));
      long pid = daemon.startInBackground();
      context.out().printf("daemon restarted (pid %d) with %d slots%n", pid, size);
    }
    context.out().printf("pool size is now %d%n", size);
    return launched.allUp() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Slots about to be stopped that someone holds: a daemon lease, or a direct flock claim. */
  private List<String> inUse(Optional<BrokerClient> serving, SlotLayout layout, TreeSet<Integer> stopSlots) {
    List<String> busy = new ArrayList<>();
    TreeSet<Integer> candidates = new TreeSet<>(stopSlots);
    if (serving.isPresent()) {
      for (SlotRecord s : CliContext.orExit(serving.get().status()).slots()) {
        if (s.slot() >= size) {
          candidates.add(s.slot());
        }
      }
    }
    SlotAllocator locks = new SlotAllocator(Clock.system());
    for (int index : candidates) {
      Optional<SlotHolder> holder = locks.holderOf(layout.slot(index));
      holder.ifPresent(h -> busy.add(index + " (" + h.holder().orElse("pid " + h.pid()) + ")"));
    }
    return busy;
  }

  private static String describe(List<Integer> slots) {
    return slots.isEmpty() ? "nothing" : "slots " + slots.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
