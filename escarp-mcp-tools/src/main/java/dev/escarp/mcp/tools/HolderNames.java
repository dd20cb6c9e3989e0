package dev.escarp.mcp.tools;

import java.util.Objects;
import java.util.Optional;

/**
 * The holder name a lease gets when the model names none: the configured one ({@code
 * ESCARP_MCP_HOLDER}), else the MCP client's name and where its session lives, e.g. {@code
 * claude-code (escarp-mcp pid 4242)} for a stdio shim or {@code codex (mcp session 1f2e3d4c,
 * daemon pid 77)} over HTTP, so whoever reads {@code escarp status} knows which agent holds the
 * browser.
 *
 * @param perSession true when one process serves many sessions (the daemon): the name then
 *     carries the session's id, since the pid alone does not tell sessions apart
 */
public record HolderNames(Optional<String> configured, long pid, boolean perSession) {

  public HolderNames {
    Objects.requireNonNull(configured, "configured");
  }

  /** Names for a stdio shim: one session per process. */
  public HolderNames(Optional<String> configured, long pid) {
    this(configured, pid, false);
  }

  public String forClient(Optional<String> clientName) {
    return forClient(clientName, "");
  }

  public String forClient(Optional<String> clientName, String sessionId) {
    if (configured.isPresent()) {
      return configured.get();
    }
    String client = clientName.filter(n -> !n.isBlank()).orElse("mcp-client");
    if (!perSession) {
      return client + " (escarp-mcp pid " + pid + ")";
    }
    String shortId = sessionId.length() > 8 ? sessionId.substring(0, 8) : sessionId;
    return client + " (mcp session " + shortId + ", daemon pid " + pid + ")";
  }
}
