package dev.escarp.mcp.tools;

import dev.escarp.mcp.session.SessionLease;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the lease state of the MCP session a tool call came on. The stdio shim serves one session
 * ({@link #single}); the daemon serves many over HTTP and keys them by {@code Mcp-Session-Id}.
 */
@FunctionalInterface
public interface SessionLookup {

  /** Empty when the session has ended meanwhile (deleted, or reclaimed by the daemon). */
  Optional<SessionLease> forSession(String mcpSessionId);

  /** Every call, whatever its session id, belongs to {@code session}. */
  static SessionLookup single(SessionLease session) {
    Objects.requireNonNull(session, "session");
    Optional<SessionLease> only = Optional.of(session);
    return id -> only;
  }
}
