package dev.escarp.mcp.backend;

/** What one heartbeat came to. */
public sealed interface HeartbeatOutcome
    permits HeartbeatOutcome.Renewed, HeartbeatOutcome.Lost, HeartbeatOutcome.Unanswered {

  /** The lease was extended. */
  record Renewed() implements HeartbeatOutcome {}

  /** The lease is gone (expired, or released by someone else): it will not come back. */
  record Lost(String reason) implements HeartbeatOutcome {}

  /** No answer this time (the daemon is busy or restarting); the next beat may get through. */
  record Unanswered(String reason) implements HeartbeatOutcome {}
}
