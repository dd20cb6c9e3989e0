package dev.escarp.core.wire;

import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.SlotState;
import dev.escarp.core.slot.Slot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one slot record says, before {@link SlotRecordWriter} puts it in wire form. The daemon
 * fills it from its lease table; the MCP shim's embedded mode from the pool's lock files, where a
 * holder has no expiry (empty {@code availableAfterSeconds}: null on the wire).
 *
 * @param browserPid the browser's pid, -1 when unknown
 * @param availableAfterSeconds empty when the slot's holder cannot expire
 * @param identity the lease's tier, profile and reset policy; empty for a slot not leased here
 * @param leaseId the lease's public id; empty for a slot not leased here
 */
public record SlotRecordValues(
    Slot slot,
    SlotState state,
    Optional<String> cdpWsUrl,
    long browserPid,
    Optional<String> holder,
    OptionalInt devPort,
    Optional<Instant> acquiredAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastHeartbeat,
    boolean suspectedStale,
    OptionalDouble availableAfterSeconds,
    OptionalLong holderPid,
    Optional<String> problem,
    Optional<LeaseIdentity> identity,
    Optional<String> leaseId) {

  public SlotRecordValues {
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(cdpWsUrl, "cdpWsUrl");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(devPort, "devPort");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
    Objects.requireNonNull(availableAfterSeconds, "availableAfterSeconds");
    Objects.requireNonNull(holderPid, "holderPid");
    Objects.requireNonNull(problem, "problem");
  }

  /** A slot in this state with nothing else known: no browser, no holder, available now. */
  public static Builder of(Slot slot, SlotState state) {
    return new Builder(slot, state);
  }

  /** Sets what a record knows beyond slot and state; everything unset keeps the "nothing known" value. */
  public static final class Builder {

    private final Slot slot;
    private final SlotState state;
    private Optional<String> cdpWsUrl = Optional.empty();
    private long browserPid = -1;
    private Optional<String> holder = Optional.empty();
    private OptionalInt devPort = OptionalInt.empty();
    private Optional<Instant> acquiredAt = Optional.empty();
    private Optional<Instant> expiresAt = Optional.empty();
    private Optional<Instant> lastHeartbeat = Optional.empty();
    private boolean suspectedStale;
    private OptionalDouble availableAfterSeconds = OptionalDouble.of(0);
    private OptionalLong holderPid = OptionalLong.empty();
    private Optional<String> problem = Optional.empty();
    private Optional<LeaseIdentity> identity = Optional.empty();
    private Optional<String> leaseId = Optional.empty();

    private Builder(Slot slot, SlotState state) {
      this.slot = slot;
      this.state = state;
    }

    public Builder browser(Optional<String> webSocketUrl, long pid) {
      this.cdpWsUrl = webSocketUrl;
      this.browserPid = pid;
      return this;
    }

    public Builder holder(Optional<String> name, OptionalLong pid) {
      this.holder = name;
      this.holderPid = pid;
      return this;
    }

    public Builder devPort(OptionalInt port) {
      this.devPort = port;
      return this;
    }

    public Builder times(Optional<Instant> acquired, Optional<Instant> expires, Optional<Instant> heartbeat) {
      this.acquiredAt = acquired;
      this.expiresAt = expires;
      this.lastHeartbeat = heartbeat;
      return this;
    }

    public Builder suspectedStale(boolean stale) {
      this.suspectedStale = stale;
      return this;
    }

    /** Seconds until the slot is free at the latest; empty when its holder cannot expire. */
    public Builder availableAfter(OptionalDouble seconds) {
      this.availableAfterSeconds = seconds;
      return this;
    }

    public Builder problem(Optional<String> why) {
      this.problem = why;
      return this;
    }

    /** The lease's tier, profile and reset policy. */
    public Builder identity(Optional<LeaseIdentity> value) {
      this.identity = value;
      return this;
    }

    /** The lease's public id. */
    public Builder leaseId(Optional<String> value) {
      this.leaseId = value;
      return this;
    }

    public SlotRecordValues build() {
      return new SlotRecordValues(slot, state, cdpWsUrl, browserPid, holder, devPort, acquiredAt, expiresAt,
          lastHeartbeat, suspectedStale, availableAfterSeconds, holderPid, problem, identity, leaseId);
    }
  }
}
