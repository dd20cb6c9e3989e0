package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.LeaseHolder;
import dev.escarp.cli.support.LeasePrinter;
import dev.escarp.cli.support.LeasesFile;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.LeaseRecord;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.LeaseIdentity;
import java.util.Optional;
import java.util.Map;
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

  /** AcquireRequest's field names (as on the wire), as this command's options. */
  private static final Map<String, String> OPTION_NAMES = Map.of("holder", "--holder", "slot", "--slot",
      "dev_port", "--dev-port", "wait_s", "--wait", "reset_policy", "--reset-policy");

  @Option(names = "--holder", required = true, paramLabel = "NAME", description = "Who holds the lease (shown in status).")
  private String holder;

  @Option(names = "--slot", paramLabel = "N", description = "This slot, not the lowest free one.")
  private Integer slot;

  @Option(names = "--dev-port", paramLabel = "PORT", description = "A dev port to record with the lease.")
  private Integer devPort;

  @Option(names = "--wait", paramLabel = "S", description = "Wait up to S seconds for a free slot (first come, first served).")
  private Double waitSeconds;

  @Option(names = "--profile", paramLabel = "NAME",
      description = {"Start logged in with this auth profile (tier delegated): the browser is wiped and",
          "loaded with it, and wiped again at release."})
  private String profile;

  @Option(names = "--supervised", description = {"With --profile: tier supervised. The lease waits (--wait, default",
      "300 s) until a human approves it (escarp approve LEASE_ID; the id is in escarp status --json);",
      "its logins are saved back into the profile at its end."})
  private boolean supervised;

  @Option(names = "--reset-policy", paramLabel = "tabs|clean",
      description = "How this lease's browser is reset at its end (default: the pool's).")
  private String resetPolicy;

  @Option(names = "--hold", description = {"Keep the lease until Ctrl-C (heartbeats, and tied to this",
      "process: if it dies, the slot is freed), then release it; exits 130."})
  private boolean hold;

  @Option(names = "--prompt", description = "Print a paste-ready preamble naming the slot for a computer-use agent.")
  private boolean prompt;

  @Option(names = "--focus", description = "Bring the slot's window forward (macOS).")
  private boolean focus;

  /** How long a supervised acquire waits for a human without --wait: the daemon's default. */
  private static final java.time.Duration SUPERVISED_WAIT = java.time.Duration.ofSeconds(300);

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

  /** The request, checked against AcquireRequest's limits before anything is sent. */
  private AcquireRequest request() {
    try {
      AcquireRequest request = AcquireRequest.anySlot(holder);
      if (slot != null) {
        request = request.withSlot(slot);
      }
      if (devPort != null) {
        request = request.withDevPort(devPort);
      }
      if (waitSeconds != null) {
        request = request.withWait(AcquireRequest.waitOfSeconds(waitSeconds));
      } else if (supervised) {
        request = request.withWait(SUPERVISED_WAIT); // the daemon's default, said out loud so the client waits as long
      }
      if (supervised || profile != null) {
        request = request.withIdentity(new LeaseIdentity(
            supervised ? LeaseIdentity.Tier.SUPERVISED : LeaseIdentity.Tier.DELEGATED, Optional.ofNullable(profile),
            resetPolicy == null ? LeaseIdentity.CLEAN : resetPolicy));
      } else if (resetPolicy != null) {
        request = request.withIdentity(LeaseIdentity.autonomous(resetPolicy));
      }
      return request;
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, asOption(e.getMessage()));
    }
  }

  /** AcquireRequest names fields as the wire does; say them as this command's options. */
  private static String asOption(String message) {
    for (Map.Entry<String, String> field : OPTION_NAMES.entrySet()) {
      if (message.startsWith(field.getKey() + " ")) {
        return field.getValue() + message.substring(field.getKey().length());
      }
    }
    return message;
  }

}
