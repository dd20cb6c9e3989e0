package dev.escarp.mcp.lease;

/** What one heartbeat came to. */
public sealed interface HeartbeatOutcome
    permits HeartbeatOutcome.Renewed, HeartbeatOutcome.Lost, HeartbeatOutcome.Unanswered {

  /**
   * The lease was extended.
   *
   * @param browserRestarts how often the daemon relaunched the slot's browser under this lease
   *     (it died; its tabs and CDP connections went with it)
   */
  record Renewed(int browserRestarts) implements HeartbeatOutcome {
    public Renewed() {
      this(0);
    }
  }

  /** The lease is gone (expired, or released by someone else): it will not come back. */
  record Lost(String reason) implements HeartbeatOutcome {}

  /** No answer this time (the daemon is busy or restarting); the next beat may get through. */
  record Unanswered(String reason) implements HeartbeatOutcome {}
}
