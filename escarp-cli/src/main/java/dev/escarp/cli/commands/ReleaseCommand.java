package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.LeasesFile;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.SlotRecord;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code escarp release}: give leases back by what a person knows, not by token. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = {"Give leases back; their slots are reset for the next holder.",
        "Releases leases this CLI acquired (tokens from leases.json), or one lease by its token.",
        "One line per release."})
public final class ReleaseCommand implements Callable<Integer> {

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Which which;

  /** Exactly one way of naming the leases. */
  static final class Which {
    @Option(names = "--mine", required = true, description = "Every lease recorded in leases.json.")
    boolean mine;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "The recorded lease of slot N.")
    Integer slot;

    @Option(names = "--holder", required = true, paramLabel = "NAME", description = "Recorded leases held as NAME.")
    String holder;

    @Option(names = "--token", required = true, paramLabel = "T", description = "The lease with this token.")
    String token;
  }

  @Option(names = "--save-profile", description = {"First save each lease's logins back into the auth profile",
      "it was acquired with (refused, and the lease kept, if it has none or saving fails)."})
  private boolean saveProfile;

  private final CliContext context;

  public ReleaseCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    LeasesFile leases = LeasesFile.of(context.env(), context.home().leasesFile());
    BrokerClient broker = context.broker();
    if (which.token != null) {
      SlotRecord released = CliContext.orExit(broker.release(which.token, saveProfile));
      leases.removeIf(e -> e.leaseToken().equals(which.token));
      context.out().printf("slot %d released%n", released.slot());
      return ExitCodes.OK;
    }
    List<LeasesFile.Entry> chosen = leases.entries().stream()
        .filter(e -> which.mine
            || (which.slot != null && e.slot() == which.slot)
            || (which.holder != null && e.holder().equals(which.holder)))
        .collect(Collectors.toList());
    if (chosen.isEmpty()) {
      if (which.mine) {
        context.out().println("no leases recorded in " + leases.file());
        return ExitCodes.OK;
      }
      throw new CliException(ExitCodes.FAILURE, "no lease " + (which.slot != null ? "of slot " + which.slot
          : "held as '" + which.holder + "'") + " is recorded in " + leases.file()
          + " (it only knows leases this CLI acquired); use --token");
    }
    int failures = 0;
    for (LeasesFile.Entry entry : chosen) {
      BrokerResult<SlotRecord> result = broker.release(entry.leaseToken(), saveProfile);
      if (result instanceof BrokerResult.Unreachable) {
        CliContext.orExit(result); // nothing answered: keep the records, say so, stop
      }
      leases.removeIf(e -> e.leaseToken().equals(entry.leaseToken()));
      if (result.value().isPresent()) {
        context.out().printf("slot %d released (holder %s)%n", entry.slot(), entry.holder());
      } else if (result instanceof BrokerResult.Refused<SlotRecord> refused && refused.error().is("unknown_lease")) {
        // what we wanted: the lease is gone (it expired, or its holder process ended)
        context.out().printf("slot %d: the lease of %s had already ended%n", entry.slot(), entry.holder());
      } else {
        failures++;
        context.out().printf("slot %d: not released: %s%n", entry.slot(), result.failureMessage());
      }
    }
    return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
