package dev.escarp.mcp;

import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.backend.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The shim's settings: {@code --mode} (else {@code ESCARP_MCP_MODE}, else auto),
 * {@code ESCARP_MCP_HOLDER} (the default holder name) and {@code ESCARP_MCP_MAX_WAIT_S} (the cap
 * on {@code wait_s}, default 15: below the usual 20 s client request timeout). Everything else
 * (ESCARP_HOME, ESCARP_BROKER_URL, ...) is read where it is used, as every escarp client reads it.
 */
record ShimOptions(Mode mode, Optional<String> holder, Duration maxWait, boolean help) {

  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(15);

  static final String USAGE = """
      usage: escarp-mcp [--mode auto|daemon|embedded]
        Serves the escarp MCP tools (escarp_status, escarp_acquire, escarp_release) over stdio.
        --mode auto      lease from the escarp daemon when one answers, else claim slots directly (default)
        --mode daemon    always lease from the daemon (ESCARP_BROKER_URL / ESCARP_API_PORT / daemon.pid)
        --mode embedded  never use a daemon: claim slots through the pool's lock files in ESCARP_HOME
      environment: ESCARP_MCP_MODE, ESCARP_MCP_HOLDER, ESCARP_MCP_MAX_WAIT_S, ESCARP_HOME, ESCARP_BROKER_URL,
        ESCARP_API_PORT, ESCARP_API_TOKEN, ESCARP_POOL_SIZE, ESCARP_CDP_BASE, ESCARP_CHROME, ESCARP_RESET_POLICY""";

  public ShimOptions {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(maxWait, "maxWait");
  }

  /** Parses flags over the environment; a bad value is an {@link IllegalArgumentException} naming it. */
  public static ShimOptions parse(List<String> args, Map<String, String> env) {
    Optional<String> mode = setting(env, "ESCARP_MCP_MODE");
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--mode")) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--mode needs a value: auto, daemon or embedded");
        }
        mode = Optional.of(args.get(++i));
      } else if (arg.startsWith("--mode=")) {
        mode = Optional.of(arg.substring("--mode=".length()));
      } else if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    Duration maxWait = DEFAULT_MAX_WAIT;
    Optional<String> rawWait = setting(env, "ESCARP_MCP_MAX_WAIT_S");
    if (rawWait.isPresent()) {
      try {
        double seconds = Double.parseDouble(rawWait.get());
        if (!(seconds >= 0 && seconds <= AcquireRequest.MAX_WAIT_SECONDS)) {
          throw new NumberFormatException();
        }
        maxWait = AcquireRequest.waitOfSeconds(seconds);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("ESCARP_MCP_MAX_WAIT_S must be a number of seconds in 0.."
            + AcquireRequest.MAX_WAIT_SECONDS + ", got '" + rawWait.get() + "'");
      }
    }
    Mode parsed;
    try {
      parsed = mode.map(Mode::parse).orElse(Mode.AUTO);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((args.stream().anyMatch(a -> a.startsWith("--mode")) ? "--mode" : "ESCARP_MCP_MODE")
          + ": " + e.getMessage());
    }
    return new ShimOptions(parsed, setting(env, "ESCARP_MCP_HOLDER"), maxWait, help);
  }

  private static Optional<String> setting(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
