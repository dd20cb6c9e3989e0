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
 */
final class DaemonLease implements HeldLease {

  /** The daemon's default TTL, for a record that does not let us compute it. */
  private static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  private final BrokerClient client;
  private final String token;
  private final int slot;
  private final LeaseHold hold;
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
    hold.ended().whenComplete((result, error) -> {
      if (!isReleasing()) {
        endedElsewhere.complete(reasonOf(result));
      }
    });
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
