package dev.escarp.broker.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.routes.SlotRecords;
import dev.escarp.core.lease.HeartbeatResult;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.lease.ReleaseResult;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.ReleaseReport;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A lease an MCP session holds in the daemon's own table. Heartbeats are in-process calls (no
 * client timer, no HTTP); the token never leaves the daemon.
 */
final class TableLease implements HeldLease {

  private final LeaseTable table;
  private final SlotRecords records;
  private final LeaseToken token;
  private final int slot;
  private final InstantSource clock;
  private final CompletableFuture<String> endedElsewhere = new CompletableFuture<>();
  private ObjectNode record;
  private boolean releasing;
  private ReleaseReport released;

  TableLease(LeaseTable table, SlotRecords records, Lease lease, InstantSource clock) {
    this.table = table;
    this.records = records;
    this.token = lease.token();
    this.slot = lease.slot().index();
    this.clock = clock;
    this.record = withoutToken(records.leaseRecord(lease, clock.instant()));
    table.whenEnded(token).ifPresentOrElse(
        ended -> ended.thenAccept(this::ended),
        () -> endedElsewhere.complete("the lease on slot " + slot + " ended before this session could watch it"));
  }

  private void ended(LeaseEnd end) {
    synchronized (this) {
      if (releasing) {
        return;
      }
    }
    endedElsewhere.complete("the daemon ended the lease on slot " + slot + " ("
        + end.reason().name().toLowerCase(Locale.ROOT) + ")");
  }

  private static ObjectNode withoutToken(ObjectNode leaseRecord) {
    leaseRecord.remove("lease_token");
    return leaseRecord;
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
    return Optional.of(table.leaseTtl().dividedBy(3));
  }

  @Override
  public HeartbeatOutcome heartbeat() {
    HeartbeatResult result = table.heartbeat(token);
    if (result instanceof HeartbeatResult.Renewed renewed) {
      ObjectNode fresh = withoutToken(records.leaseRecord(renewed.lease(), clock.instant()));
      synchronized (this) {
        record = fresh;
      }
      return new HeartbeatOutcome.Renewed(fresh.path("browser_restarts").asInt(0));
    }
    return new HeartbeatOutcome.Lost("the daemon no longer knows this lease on slot " + slot
        + " (it expired or was released by someone else)");
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
    ReleaseResult result = table.release(token);
    ReleaseReport report;
    if (result instanceof ReleaseResult.Released done) {
      report = new ReleaseReport(slot, true,
          "the daemon resets the browser (new about:blank tab, every other tab closed) before the next holder gets it",
          false, Optional.of(done.slot().state().name().toLowerCase(Locale.ROOT)));
    } else if (result instanceof ReleaseResult.NotSaved notSaved) {
      // Not released: the lease stays in the table and expires after its TTL, since nobody beats it now.
      report = new ReleaseReport(slot, false, "the lease journal cannot be written (" + notSaved.problem()
          + "), so the daemon could not release the lease now; it expires after its TTL", false, Optional.empty());
    } else {
      report = new ReleaseReport(slot, false,
          "the lease had already ended (expired or released elsewhere); the daemon resets the browser", false,
          Optional.empty());
    }
    synchronized (this) {
      released = report;
    }
    return report;
  }
}
