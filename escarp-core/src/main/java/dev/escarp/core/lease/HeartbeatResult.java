package dev.escarp.core.lease;

/** The outcome of a heartbeat. */
public sealed interface HeartbeatResult permits HeartbeatResult.Renewed, UnknownLease {

  /** The lease now expires one TTL from now. */
  record Renewed(Lease lease) implements HeartbeatResult {}
}
