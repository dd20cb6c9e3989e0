package dev.escarp.cli.support;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.LeaseHold;
import dev.escarp.client.LeaseRecord;
import dev.escarp.client.SlotRecord;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code acquire --hold}: keeps a lease for as long as this process lives. Two ties: heartbeats at
 * a third of the TTL, and a {@code /hold} connection, so a SIGKILL frees the slot at once. Ctrl-C
 * (and SIGTERM) release explicitly from a shutdown hook, registered before the lease is taken;
 * the JVM then exits 130 (143).
 */
public final class LeaseHolder {

  private final CliContext context;
  private final BrokerClient broker;
  private final LeasesFile leases;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "escarp-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private final Thread releaseOnSignal = new Thread(this::releaseNow, "escarp-release");
  private LeaseRecord lease;
  private LeaseHold hold;

  public LeaseHolder(CliContext context, BrokerClient broker, LeasesFile leases) {
    this.context = context;
    this.broker = broker;
    this.leases = leases;
  }

  /** Arms the shutdown hook; it releases whatever lease has been adopted by then. */
  public LeaseHolder releaseOnExit() {
    Runtime.getRuntime().addShutdownHook(releaseOnSignal);
    return this;
  }

  /** The lease to keep: ties it to this process at once. */
  public synchronized void adopt(LeaseRecord acquired) {
    this.lease = acquired;
    this.hold = CliContext.orExit(broker.hold(acquired.leaseToken()));
    Duration interval = heartbeatInterval(acquired);
    heartbeats.scheduleAtFixedRate(() -> broker.heartbeat(acquired.leaseToken()), interval.toMillis(),
        interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Blocks until the lease ends without us (released elsewhere, expired, daemon gone). */
  public int holdUntilEnded() {
    context.out().printf("holding slot %d (heartbeat every %d s); Ctrl-C releases it%n", lease.slot(),
        heartbeatInterval(lease).toSeconds());
    context.out().flush();
    BrokerResult<SlotRecord> ended;
    try {
      ended = hold.ended().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.INTERRUPTED;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    Runtime.getRuntime().removeShutdownHook(releaseOnSignal);
    heartbeats.shutdownNow();
    leases.removeIf(e -> e.leaseToken().equals(lease.leaseToken()));
    if (ended instanceof BrokerResult.Ok<SlotRecord> ok) {
      context.out().printf("the lease on slot %d ended (%s)%n", lease.slot(),
          ok.payload().json().path("ended").asText("released"));
      return ExitCodes.OK;
    }
    throw new CliException(ended instanceof BrokerResult.Unreachable ? ExitCodes.UNREACHABLE : ExitCodes.FAILURE,
        "lost the lease on slot " + lease.slot() + ": " + ended.failureMessage());
  }

  private synchronized void releaseNow() {
    heartbeats.shutdownNow();
    if (lease == null) {
      return;
    }
    BrokerResult<SlotRecord> released = broker.release(lease.leaseToken());
    if (hold != null) {
      hold.close();
    }
    leases.removeIf(e -> e.leaseToken().equals(lease.leaseToken()));
    context.out().println(released.value().isPresent()
        ? "\nreleased slot " + lease.slot() : "\nslot " + lease.slot() + ": " + released.failureMessage());
    context.out().flush();
  }

  private static Duration heartbeatInterval(LeaseRecord lease) {
    double acquired = lease.json().path("acquired_at").asDouble(0);
    double ttl = lease.expiresAt().orElse(acquired + 60) - acquired;
    return Duration.ofMillis(Math.max(1000, Math.round(ttl * 1000 / 3)));
  }
}
