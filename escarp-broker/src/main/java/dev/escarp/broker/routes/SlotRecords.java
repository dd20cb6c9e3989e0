package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.PoolSnapshot;
import dev.escarp.core.lease.SlotSnapshot;
import dev.escarp.core.lease.SlotState;
import dev.escarp.core.slot.Slot;
import dev.escarp.macos.SlotIdentities;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Renders slots in the wire contract's "public record" form (never a token), and leases as the
 * full lease record (the public record plus {@code lease_token}, for the holder only).
 */
public final class SlotRecords {


  private final BrowserDirectory browsers;
  private final SlotIdentities identities;
  private final String tier;
  private final Duration reclaimDelay;

  public SlotRecords(BrowserDirectory browsers, SlotIdentities identities, String tier, Duration reclaimDelay) {
    this.browsers = browsers;
    this.identities = identities;
    this.tier = tier;
    this.reclaimDelay = reclaimDelay;
  }

  public ObjectNode publicRecord(SlotSnapshot s) {
    ObjectNode n = identity(s.slot());
    n.put("state", s.state().wireName());
    putText(n, "holder", s.holder());
    putInt(n, "dev_port", s.devPort());
    putTime(n, "acquired_at", s.acquiredAt());
    putTime(n, "expires_at", s.expiresAt());
    putTime(n, "last_heartbeat", s.lastHeartbeat());
    identities.putInto(n, s.slot().index());
    n.put("suspected_stale", s.suspectedStale());
    n.put("available_after_s", round(s.availableAfterSeconds()));
    n.put("retry_after_s", round(s.retryAfterSeconds()));
    if (s.holderPid().isPresent()) {
      n.put("holder_pid", s.holderPid().getAsLong());
    } else {
      n.putNull("holder_pid");
    }
    putText(n, "problem", s.problem());
    return n;
  }

  public ArrayNode publicRecords(PoolSnapshot snapshot) {
    ArrayNode slots = JsonTrees.array();
    snapshot.slots().forEach(s -> slots.add(publicRecord(s)));
    return slots;
  }

  /** The holder's record: the slot as leased, with the token. */
  public ObjectNode leaseRecord(Lease lease, Instant now) {
    ObjectNode n = identity(lease.slot());
    n.put("state", SlotState.LEASED.wireName());
    n.put("holder", lease.holder());
    putInt(n, "dev_port", lease.devPort());
    putTime(n, "acquired_at", Optional.of(lease.acquiredAt()));
    putTime(n, "expires_at", Optional.of(lease.expiresAt()));
    putTime(n, "last_heartbeat", Optional.of(lease.lastHeartbeat()));
    identities.putInto(n, lease.slot().index());
    double left = Math.max(0, Duration.between(now, lease.expiresAt()).toNanos() / 1e9);
    double available = left + reclaimDelay.toNanos() / 1e9;
    n.put("suspected_stale", false);
    n.put("available_after_s", round(available));
    n.put("retry_after_s", round(available));
    n.putNull("holder_pid");
    n.putNull("problem");
    n.put("lease_token", lease.token().reveal());
    return n;
  }

  private ObjectNode identity(Slot slot) {
    ObjectNode n = JsonTrees.object();
    n.put("slot", slot.index());
    n.put("cdp_port", slot.cdpPort());
    Optional<String> ws = browsers.webSocketUrl(slot.index());
    putText(n, "cdp_ws_url", ws);
    n.put("pid", browsers.browserPid(slot.index()));
    n.put("tier", tier);
    ObjectNode dev = n.putObject("dev_ports");
    dev.put("frontend", slot.devPorts().frontend());
    dev.put("backend", slot.devPorts().backend());
    dev.put("postgres", slot.devPorts().postgres());
    return n;
  }

  private static void putText(ObjectNode n, String field, Optional<String> value) {
    if (value.isPresent()) {
      n.put(field, value.get());
    } else {
      n.putNull(field);
    }
  }

  private static void putInt(ObjectNode n, String field, OptionalInt value) {
    if (value.isPresent()) {
      n.put(field, value.getAsInt());
    } else {
      n.putNull(field);
    }
  }

  private static void putTime(ObjectNode n, String field, Optional<Instant> value) {
    if (value.isPresent()) {
      n.set(field, JsonTrees.epochSeconds(value.get()));
    } else {
      n.putNull(field);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
