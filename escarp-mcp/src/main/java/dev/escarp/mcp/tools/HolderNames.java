package dev.escarp.mcp.tools;

import java.util.Objects;
import java.util.Optional;

/**
 * The holder name a lease gets when the model names none: the configured one ({@code
 * ESCARP_MCP_HOLDER}), else the MCP client's name and this shim's pid, e.g. {@code claude-code
 * (escarp-mcp pid 4242)}, so whoever reads {@code escarp status} knows which agent and which
 * process hold the browser.
 */
public record HolderNames(Optional<String> configured, long pid) {

  public HolderNames {
    Objects.requireNonNull(configured, "configured");
  }

  public String forClient(Optional<String> clientName) {
    if (configured.isPresent()) {
      return configured.get();
    }
    String client = clientName.filter(n -> !n.isBlank()).orElse("mcp-client");
    return client + " (escarp-mcp pid " + pid + ")";
  }
}
