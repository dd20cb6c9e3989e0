package dev.escarp.mcp.session;

import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.Refusal;

/** What {@link SessionLease#acquire} came to. */
public sealed interface SessionAcquire {

  /** A new lease, now held by this session. */
  record Acquired(HeldLease lease) implements SessionAcquire {}

  /** This session already holds a lease: one at a time. */
  record AlreadyHolding(HeldLease lease) implements SessionAcquire {}

  /** The backend said no (full pool, unknown slot, no daemon, ...), or another acquire is running. */
  record Refused(Refusal refusal) implements SessionAcquire {}
}
