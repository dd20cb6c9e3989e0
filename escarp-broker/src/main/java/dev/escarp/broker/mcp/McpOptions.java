package dev.escarp.broker.mcp;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the daemon's {@code /mcp}: {@code ESCARP_MCP_STREAM_GRACE_S} (default 10), how long
 * a session outlives its event stream; the idle limit is the lease TTL; {@code
 * ESCARP_MCP_MAX_WAIT_S} (default 15) caps {@code wait_s}, as in the stdio shim.
 */
public record McpOptions(Duration streamGrace, Duration idleLimit, Duration maxWait) {

  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(15);

  public static McpOptions fromEnvironment(Map<String, String> env, Duration leaseTtl) {
    return new McpOptions(seconds(env, "ESCARP_MCP_STREAM_GRACE_S", DEFAULT_GRACE), leaseTtl,
        seconds(env, "ESCARP_MCP_MAX_WAIT_S", DEFAULT_MAX_WAIT));
  }

  private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      double s = Double.parseDouble(raw.strip());
      if (s >= 0 && s <= 3600) {
        return Duration.ofMillis(Math.round(s * 1000));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(name + " must be a number of seconds in 0..3600, got '" + raw + "'");
  }
}
