package dev.escarp.core.lease;

/** What a slot is doing, as the wire contract names it. */
public enum SlotState {
  /** Nobody holds it: the next acquire may get it. */
  FREE("free"),
  /** A lease of this table holds it. */
  LEASED("leased"),
  /** Another process (an embedded harness, another daemon) holds its flock. */
  EXTERNAL("external"),
  /** Its lease ended; its browser is being reset. Nobody can acquire it until that is done. */
  RESETTING("resetting"),
  /** Its reset failed, or its browser stopped answering: never handed out until marked healthy. */
  UNHEALTHY("unhealthy");

  private final String wireName;

  SlotState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
