package dev.escarp.broker.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.routes.SlotRecords;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.broker.clients.QuotaRefusals;
import dev.escarp.core.lease.AcquireResult;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.PoolSnapshot;
import dev.escarp.mcp.lease.AcquireOutcome;
import dev.escarp.mcp.lease.LeaseBackend;
import dev.escarp.mcp.lease.PoolView;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.lease.StatusOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The MCP tools' backend inside the daemon: the lease table itself, no HTTP hop. Leases carry the
 * same records and refusals as the daemon's API gives the stdio shim, so both transports answer
 * alike. Called from the MCP SDK's worker threads, never from an event loop (acquire may wait).
 */
final class TableBackend implements LeaseBackend {

  private final LeaseTable table;
  private final SlotRecords records;
  /** The client the session's bearer named: its leases count against that client's quotas. */
  private final Optional<String> client;

  TableBackend(LeaseTable table, SlotRecords records, Optional<String> client) {
    this.table = table;
    this.records = records;
    this.client = client;
  }

  @Override
  public String mode() {
    return "daemon";
  }

  @Override
  public StatusOutcome status() {
    table.refreshExternalHolders();
    PoolSnapshot snapshot = table.snapshot();
    List<ObjectNode> slots = new ArrayList<>();
    snapshot.slots().forEach(s -> slots.add(records.publicRecord(s)));
    return new StatusOutcome.Seen(new PoolView(snapshot.poolSize(),
        OptionalDouble.of(snapshot.leaseTtl().toMillis() / 1000.0), slots));
  }

  @Override
  public AcquireOutcome acquire(AcquireRequest asked) {
    AcquireRequest request = client.isEmpty() ? asked
        : asked.withIdentity(asked.identity().orElse(table.defaultIdentity()).withClient(client.get()));
    AcquireResult result = table.acquire(request, request.maxWait().orElse(Duration.ZERO)).join();
    if (result instanceof AcquireResult.Granted granted) {
      return new AcquireOutcome.Granted(new TableLease(table, records, granted.lease(), Instant::now));
    }
    return new AcquireOutcome.Refused(refusal(result));
  }

  private Refusal refusal(AcquireResult result) {
    if (result instanceof AcquireResult.PoolExhausted full) {
      List<JsonNode> snapshot = new ArrayList<>();
      records.publicRecords(full.snapshot()).forEach(snapshot::add);
      return Refusal.poolExhausted(snapshot);
    }
    if (result instanceof AcquireResult.SlotTaken taken) {
      return Refusal.of("slot_leased", "slot " + taken.slot() + " is " + taken.state().name().toLowerCase(
          java.util.Locale.ROOT) + ". Leave slot out to get the lowest free slot, or wait for this one with wait_s.");
    }
    if (result instanceof AcquireResult.UnknownSlot unknown) {
      return Refusal.of("unknown_slot", "slot " + unknown.slot() + " is not in the pool. Call escarp_status to see "
          + "the pool's slots, or leave slot out to get the lowest free one.");
    }
    if (result instanceof AcquireResult.QuotaExceeded over) {
      return Refusal.of("quota_exceeded", QuotaRefusals.of(over).getMessage());
    }
    AcquireResult.NotSaved notSaved = (AcquireResult.NotSaved) result;
    return Refusal.of("journal_unwritable", "the lease journal cannot be written, so no lease was granted; retry "
        + "once the disk has room (" + notSaved.problem() + ")");
  }

  @Override
  public void close() {
    // The table belongs to the daemon.
  }
}
