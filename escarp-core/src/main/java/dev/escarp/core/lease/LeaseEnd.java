package dev.escarp.core.lease;

/** How a lease ended, for whoever waits on it (the daemon's {@code /hold}). */
public record LeaseEnd(Reason reason, SlotSnapshot slot) {

  public enum Reason {
    RELEASED,
    EXPIRED,
    /** Its slot was removed from the pool by force. */
    REMOVED,
    /** The table closed (daemon shutdown): the lease itself survives in the journal. */
    TABLE_CLOSED
  }
}
