package dev.escarp.mcp.lease;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A lease this shim holds through a backend. Thread-safe: heartbeats run on the heartbeat thread,
 * the end is noticed on the backend's own thread, release comes from a tool call or shutdown.
 */
public interface HeldLease {

  int slot();

  /**
   * The slot as leased, in the wire contract's public-record form (never the token): {@code slot,
   * cdp_port, cdp_ws_url, dev_ports, expires_at}, window and app identity, ... A fresh copy.
   */
  ObjectNode record();

  /** How often to heartbeat; empty when the lease cannot expire (embedded mode). */
  Optional<Duration> heartbeatInterval();

  HeartbeatOutcome heartbeat();

  /**
   * Completes, with the reason, if the lease ends without this shim releasing it (it expired, or
   * was released by someone else, or the daemon went away). Never completes in embedded mode.
   */
  CompletableFuture<String> endedElsewhere();

  /** Gives the slot back (and resets its browser, or has the daemon do so). Idempotent. */
  ReleaseReport release();
}
