package dev.escarp.core.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.identity.SlotIdentities;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one writer of the wire contract's slot records (escarp-api.md): the public form, shown to
 * anyone, and the lease form (the public form plus {@code lease_token}, for the holder only). The
 * daemon and the MCP shim's embedded mode both write through it, so field order and meaning cannot
 * drift apart. Builds Jackson trees through {@link JsonTrees}: no ObjectMapper on the daemon path.
 */
public final class SlotRecordWriter {

  private final SlotIdentities identities;
  private final String tier;
  private final String resetPolicy;

  public SlotRecordWriter(SlotIdentities identities, String tier) {
    this(identities, tier, LeaseIdentity.TABS);
  }

  /**
   * @param tier and {@code resetPolicy}: what a record without a lease identity states (the
   *     pool's tier, and the reset an autonomous lease gets)
   */
  public SlotRecordWriter(SlotIdentities identities, String tier, String resetPolicy) {
    this.identities = Objects.requireNonNull(identities, "identities");
    this.tier = Objects.requireNonNull(tier, "tier");
    this.resetPolicy = Objects.requireNonNull(resetPolicy, "resetPolicy");
  }

  /** The public record: never a token. */
  public ObjectNode publicRecord(SlotRecordValues v) {
    ObjectNode n = JsonTrees.object();
    n.put("slot", v.slot().index());
    n.put("cdp_port", v.slot().cdpPort());
    putText(n, "cdp_ws_url", v.cdpWsUrl());
    n.put("pid", v.browserPid());
    n.put("tier", v.identity().map(id -> id.tier().wireName()).orElse(tier));
    putText(n, "profile", v.identity().flatMap(LeaseIdentity::profile));
    n.put("reset_policy", v.identity().map(LeaseIdentity::resetPolicy).orElse(resetPolicy));
    putText(n, "client", v.identity().flatMap(LeaseIdentity::client));
    ObjectNode dev = n.putObject("dev_ports");
    dev.put("frontend", v.slot().devPorts().frontend());
    dev.put("backend", v.slot().devPorts().backend());
    dev.put("postgres", v.slot().devPorts().postgres());
    n.put("state", v.state().wireName());
    putText(n, "holder", v.holder());
    putInt(n, "dev_port", v.devPort());
    putTime(n, "acquired_at", v.acquiredAt());
    putTime(n, "expires_at", v.expiresAt());
    putTime(n, "last_heartbeat", v.lastHeartbeat());
    identities.putInto(n, v.slot().index()); // OS window and per-slot app, where a provider recorded them
    n.put("suspected_stale", v.suspectedStale());
    putSeconds(n, "available_after_s", v.availableAfterSeconds());
    putSeconds(n, "retry_after_s", v.availableAfterSeconds()); // the contract's advised retry: the same value
    putLong(n, "holder_pid", v.holderPid());
    putText(n, "problem", v.problem());
    putText(n, "lease_id", v.leaseId()); // public: not the token, not derived from it
    // Which backend: "local" (escarp launched it, heals it) or "remote" (escarp never launches or kills it).
    n.put("backend", v.slot().backend());
    putText(n, "remote_name", v.slot().remote().map(r -> r.name()));
    return n;
  }

  /** The holder's record: the public record with the lease token. */
  public ObjectNode leaseRecord(SlotRecordValues v, LeaseToken token) {
    ObjectNode n = publicRecord(v);
    n.put("lease_token", token.reveal());
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

  private static void putLong(ObjectNode n, String field, OptionalLong value) {
    if (value.isPresent()) {
      n.put(field, value.getAsLong());
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

  /** Seconds to the millisecond, or null when there is no bound. */
  private static void putSeconds(ObjectNode n, String field, OptionalDouble seconds) {
    if (seconds.isPresent()) {
      n.put(field, Math.round(seconds.getAsDouble() * 1000) / 1000.0);
    } else {
      n.putNull(field);
    }
  }
}
