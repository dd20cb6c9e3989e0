package dev.escarp.mcp.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.client.ApiError;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerResult;
import dev.escarp.client.LeaseHold;
import dev.escarp.client.LeaseRecord;
import dev.escarp.client.PoolStatus;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.lease.AcquireOutcome;
import dev.escarp.mcp.lease.LeaseBackend;
import dev.escarp.mcp.lease.PoolView;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.lease.StatusOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Leases from the escarp daemon over its HTTP API. Every lease is tied to this process with a
 * {@code POST /hold} connection, so the daemon frees the slot the moment this process dies,
 * SIGKILL included.
 */
final class DaemonBackend implements LeaseBackend {

  private final BrokerClient client;

  public DaemonBackend(BrokerClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public String mode() {
    return "daemon";
  }

  @Override
  public StatusOutcome status() {
    BrokerResult<PoolStatus> result = client.status();
    if (result instanceof BrokerResult.Ok<PoolStatus> ok) {
      PoolStatus status = ok.payload();
      List<ObjectNode> slots = new ArrayList<>();
      status.slots().forEach(s -> slots.add(((ObjectNode) s.json()).deepCopy()));
      double ttl = status.leaseTtlSeconds();
      return new StatusOutcome.Seen(new PoolView(status.poolSize(),
          ttl > 0 ? OptionalDouble.of(ttl) : OptionalDouble.empty(), slots));
    }
    return new StatusOutcome.Refused(refusal(result));
  }

  @Override
  public AcquireOutcome acquire(AcquireRequest request) {
    BrokerResult<LeaseRecord> acquired = client.acquire(request);
    if (!(acquired instanceof BrokerResult.Ok<LeaseRecord> ok)) {
      return new AcquireOutcome.Refused(refusal(acquired));
    }
    LeaseRecord lease = ok.payload();
    BrokerResult<LeaseHold> hold = client.hold(lease.leaseToken());
    if (!(hold instanceof BrokerResult.Ok<LeaseHold> held)) {
      // Without the hold the lease would outlive a killed shim by a whole TTL: give it back.
      client.release(lease.leaseToken());
      return new AcquireOutcome.Refused(Refusal.of("broker_unreachable",
          "The daemon leased slot " + lease.slot() + " but the connection that ties the lease to this "
              + "session could not be opened (" + hold.failureMessage() + "), so it was released again. Retry."));
    }
    return new AcquireOutcome.Granted(new DaemonLease(client, lease, held.payload()));
  }

  @Override
  public void close() {
    // The JDK HTTP client of Java 17 has nothing to close; leases are released by their holders.
  }

  /** The daemon's refusal in words a model can act on. */
  static Refusal refusal(BrokerResult<?> failed) {
    if (failed instanceof BrokerResult.Refused<?> refused) {
      ApiError e = refused.error();
      return switch (e.error()) {
        case "pool_exhausted" -> exhausted(e);
        case "unknown_slot" -> Refusal.of("unknown_slot", e.message()
            + ". Call escarp_status to see the pool's slots, or leave slot out to get the lowest free one.");
        case "slot_leased" -> Refusal.of("slot_leased", e.message()
            + ". Leave slot out to get the lowest free slot, or wait for this one with wait_s.");
        default -> Refusal.of(e.error(), e.message().isEmpty() ? "the daemon refused (HTTP " + e.status() + ")" : e.message());
      };
    }
    return Refusal.of("broker_unreachable", failed.failureMessage()
        + ". The escarp daemon may have stopped; start it, or run escarp-mcp in embedded mode (ESCARP_MCP_MODE=embedded).");
  }

  private static Refusal exhausted(ApiError e) {
    return Refusal.poolExhausted(e.body().path("snapshot"));
  }
}
