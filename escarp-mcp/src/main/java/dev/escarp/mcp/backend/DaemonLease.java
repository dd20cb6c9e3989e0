package dev.escarp.mcp.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.LeaseHold;
import dev.escarp.client.LeaseRecord;
import dev.escarp.client.SlotRecord;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.ReleaseReport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A daemon lease held by this shim: the token (never shown), the {@code /hold} connection that
 * ties the lease to this process, and the latest record.
 *
 * <p>A hold that breaks (the daemon was killed or stopped) does not mean the lease is gone: the
 * daemon journals it and restores it, token and all, when it comes back. So the shim re-attaches:
 * it heartbeats the token until the daemon answers, then opens a new hold. Only an answer that the
 * lease is unknown counts as lost.
 */
final class DaemonLease implements HeldLease {

  /** The daemon's default TTL, for a record that does not let us compute it. */
  private static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  private final BrokerClient client;
  private final String token;
  private final int slot;
  /** How often to try the daemon again while it does not answer. */
  static final Duration REATTACH_RETRY = Duration.ofMillis(250);

  private volatile LeaseHold hold;
  private final Duration ttl;
  private final CompletableFuture<String> endedElsewhere = new CompletableFuture<>();
  private ObjectNode record;
  private boolean releasing;
  private ReleaseReport released;

  DaemonLease(BrokerClient client, LeaseRecord lease, LeaseHold hold) {
    this.client = client;
    this.token = lease.leaseToken();
    this.slot = lease.slot();
    this.hold = hold;
    this.record = (ObjectNode) lease.withoutToken();
    this.ttl = ttlOf(lease.json());
    watch(hold);
  }

  private void watch(LeaseHold watched) {
    watched.ended().whenComplete((result, error) -> {
      if (isReleasing()) {
        return;
      }
      if (daemonWentAway(result)) {
        Thread reattach = new Thread(this::reattach, "escarp-mcp-reattach");
        reattach.setDaemon(true);
        reattach.start();
      } else {
        endedElsewhere.complete(reasonOf(result));
      }
    });
  }

  /** The hold ended because the daemon stopped or died, not because the lease ended. */
  private static boolean daemonWentAway(BrokerResult<SlotRecord> ended) {
    if (ended instanceof BrokerResult.Ok<SlotRecord> ok) {
      return ok.payload().json().path("ended").asText("").equals("table_closed"); // a clean daemon stop
    }
    return !(ended instanceof BrokerResult.Refused<SlotRecord>);
  }

  /** Heartbeats until the daemon answers: renewed, hold again; unknown, the lease is lost. */
  private void reattach() {
    while (!isReleasing()) {
      HeartbeatOutcome beat = heartbeat();
      if (beat instanceof HeartbeatOutcome.Lost lost) {
        endedElsewhere.complete(lost.reason() + "; the daemon restarted without it");
        return;
      }
      if (beat instanceof HeartbeatOutcome.Renewed) {
        BrokerResult<LeaseHold> again = client.hold(token);
        if (again instanceof BrokerResult.Ok<LeaseHold> held) {
          hold = held.payload();
          if (isReleasing()) {
            hold.close();
          } else {
            watch(hold);
          }
          return;
        }
      }
      try {
        Thread.sleep(REATTACH_RETRY.toMillis()); // the daemon is down or restarting: try again shortly
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public int slot() {
    return slot;
  }

  @Override
  public synchronized ObjectNode record() {
    return record.deepCopy();
  }

  @Override
  public Optional<Duration> heartbeatInterval() {
    return Optional.of(ttl.dividedBy(3));
  }

  @Override
  public HeartbeatOutcome heartbeat() {
    BrokerResult<LeaseRecord> beat = client.heartbeat(token);
    if (beat instanceof BrokerResult.Ok<LeaseRecord> ok) {
      ObjectNode fresh = (ObjectNode) ok.payload().withoutToken();
      synchronized (this) {
        record = fresh;
      }
      return new HeartbeatOutcome.Renewed(fresh.path("browser_restarts").asInt(0));
    }
    if (beat instanceof BrokerResult.Refused<LeaseRecord> refused && refused.error().is("unknown_lease")) {
      return new HeartbeatOutcome.Lost("the daemon no longer knows this lease on slot " + slot
          + " (it expired or was released by someone else)");
    }
    return new HeartbeatOutcome.Unanswered(beat.failureMessage());
  }

  @Override
  public CompletableFuture<String> endedElsewhere() {
    return endedElsewhere;
  }

  @Override
  public ReleaseReport release() {
    synchronized (this) {
      if (released != null) {
        return released;
      }
      releasing = true;
    }
    BrokerResult<SlotRecord> result = client.release(token);
    // Closing the hold after the release: the daemon has already freed the slot by then.
    hold.close();
    ReleaseReport report;
    if (result instanceof BrokerResult.Ok<SlotRecord> ok) {
      report = new ReleaseReport(slot, true,
          "the daemon resets the browser (new about:blank tab, every other tab closed) before the next holder gets it",
          false, Optional.of(ok.payload().state()));
    } else if (result instanceof BrokerResult.Refused<SlotRecord> refused && refused.error().is("unknown_lease")) {
      report = new ReleaseReport(slot, false,
          "the lease had already ended (expired or released elsewhere); the daemon resets the browser", false,
          Optional.empty());
    } else {
      report = new ReleaseReport(slot, false, "the daemon did not answer the release (" + result.failureMessage()
          + "); the lease's hold connection was closed, which frees the slot if the daemon still runs", false,
          Optional.empty());
    }
    synchronized (this) {
      released = report;
    }
    return report;
  }

  private synchronized boolean isReleasing() {
    return releasing;
  }

  private static String reasonOf(BrokerResult<SlotRecord> ended) {
    if (ended instanceof BrokerResult.Ok<SlotRecord> ok) {
      String how = ok.payload().json().path("ended").asText("ended");
      return "the daemon ended the lease on slot " + ok.payload().slot() + " (" + how + ")";
    }
    if (ended instanceof BrokerResult.Refused<SlotRecord> refused) {
      return "the daemon refused to hold the lease (" + refused.failureMessage() + ")";
    }
    return "the connection to the daemon broke (" + (ended == null ? "no answer" : ended.failureMessage()) + ")";
  }

  /** expires_at - last_heartbeat of a fresh lease is the daemon's TTL. */
  private static Duration ttlOf(JsonNode lease) {
    JsonNode expires = lease.path("expires_at");
    JsonNode beat = lease.path("last_heartbeat").isNumber() ? lease.path("last_heartbeat") : lease.path("acquired_at");
    if (expires.isNumber() && beat.isNumber() && expires.asDouble() > beat.asDouble()) {
      return Duration.ofMillis(Math.round((expires.asDouble() - beat.asDouble()) * 1000));
    }
    return DEFAULT_TTL;
  }
}
