package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.LeaseHolder;
import dev.escarp.cli.support.LeasePrinter;
import dev.escarp.cli.support.LeasesFile;
import dev.escarp.client.AcquireRequest;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.LeaseRecord;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code escarp acquire}: lease a browser; the token goes to leases.json, never to the screen. */
@Command(name = "acquire", mixinStandardHelpOptions = true,
    description = {"Lease a browser and print its CDP WebSocket URL.",
        "Leases the lowest free slot (or --slot N) and prints its CDP WebSocket URL and expiry.",
        "The lease token is kept in $ESCARP_HOME/leases.json (mode 0600) for",
        "`escarp release --mine`; it is never printed."})
public final class AcquireCommand implements Callable<Integer> {

  @Option(names = "--holder", required = true, paramLabel = "NAME", description = "Who holds the lease (shown in status).")
  private String holder;

  @Option(names = "--slot", paramLabel = "N", description = "This slot, not the lowest free one.")
  private Integer slot;

  @Option(names = "--dev-port", paramLabel = "PORT", description = "A dev port to record with the lease.")
  private Integer devPort;

  @Option(names = "--wait", paramLabel = "S", description = "Wait up to S seconds for a free slot (first come, first served).")
  private Double waitSeconds;

  @Option(names = "--hold", description = {"Keep the lease until Ctrl-C (heartbeats, and tied to this",
      "process: if it dies, the slot is freed), then release it; exits 130."})
  private boolean hold;

  @Option(names = "--prompt", description = "Print a paste-ready preamble naming the slot for a computer-use agent.")
  private boolean prompt;

  @Option(names = "--focus", description = "Bring the slot's window forward (macOS).")
  private boolean focus;

  private final CliContext context;

  public AcquireCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    AcquireRequest request = request();
    BrokerClient broker = context.broker();
    LeasesFile leases = LeasesFile.of(context.env(), context.home().leasesFile());
    // With --hold, Ctrl-C must release from the moment a lease exists, so the hook goes first.
    LeaseHolder holder = hold ? new LeaseHolder(context, broker, leases).releaseOnExit() : null;
    LeaseRecord lease = CliContext.orExit(broker.acquire(request));
    leases.add(lease, broker.baseUri().toString());
    if (holder != null) {
      holder.adopt(lease);
    }

    LeasePrinter.print(lease, context.out());
    if (focus) {
      try {
        new FocusCommand(context).focus(lease.slot());
      } catch (CliException e) {
        context.err().println("escarp: warning: " + e.getMessage()); // the lease stands
      }
    }
    if (prompt) {
      LeasePrinter.printPrompt(lease, context.out());
    }
    if (!hold) {
      context.out().println("release with: escarp release --slot " + lease.slot());
      return ExitCodes.OK;
    }
    return holder.holdUntilEnded();
  }

  private AcquireRequest request() {
    if (holder.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "--holder must not be blank");
    }
    AcquireRequest request = AcquireRequest.forHolder(holder);
    if (slot != null) {
      if (slot < 0) {
        throw new CliException(ExitCodes.USAGE, "--slot must be >= 0, got " + slot);
      }
      request = request.withSlot(slot);
    }
    if (devPort != null) {
      if (devPort < 1 || devPort > 65535) {
        throw new CliException(ExitCodes.USAGE, "--dev-port must be in 1..65535, got " + devPort);
      }
      request = request.withDevPort(devPort);
    }
    if (waitSeconds != null) {
      if (waitSeconds < 0 || waitSeconds.isNaN() || waitSeconds > 3600) {
        throw new CliException(ExitCodes.USAGE, "--wait must be between 0 and 3600 seconds, got " + waitSeconds);
      }
      request = request.withWait(Duration.ofMillis(Math.round(waitSeconds * 1000)));
    }
    return request;
  }
}
