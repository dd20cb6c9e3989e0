package dev.escarp.mcp.session;

import dev.escarp.mcp.lease.ReleaseReport;

/** What {@link SessionLease#release} came to. */
public sealed interface SessionRelease {

  record Released(ReleaseReport report) implements SessionRelease {}

  /** Nothing to release: this session holds no lease (releasing twice is harmless). */
  record NotHolding() implements SessionRelease {}
}
