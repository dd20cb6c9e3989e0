package dev.escarp.broker.daemon;

import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.cdp.reset.ResetStrategy;
import dev.escarp.core.config.EscarpHome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's settings, from the environment: {@code ESCARP_API_PORT} (7878),
 * {@code ESCARP_LEASE_TTL_S} (60), {@code ESCARP_DISCOVERY_WAIT_S} (0), {@code ESCARP_API_TOKEN},
 * {@code ESCARP_RESET_POLICY} (tabs), {@code ESCARP_HEALTH_INTERVAL_S} (5),
 * {@code ESCARP_IDLE_TIMEOUT_S} (60: an idle connection is closed), {@code ESCARP_HEADER_TIMEOUT_S}
 * (10: a request must arrive whole within it), {@code ESCARP_SELF_HEAL} (on: relaunch a slot's
 * browser that died; {@code off} leaves it to {@code escarp launch-pool}), {@code ESCARP_HOME},
 * {@code ESCARP_CDP_ENDPOINT} ({@code relay}: each lease gets its own endpoint through the daemon;
 * {@code direct}: the browser's own, as escarp 1.x), {@code ESCARP_MAX_LEASE_S} (unset: a cap on
 * a lease's whole life), {@code ESCARP_CONNECT_GRACE_S} (10: how long a connect-to-lease lease
 * outlives its last connection).
 * A bad value is an error naming the variable and the value; the daemon does not start on one.
 */
public record DaemonConfig(
    EscarpHome home,
    int apiPort,
    Duration leaseTtl,
    Duration discoveryWait,
    Optional<String> apiToken,
    ResetPolicy resetPolicy,
    Duration healthInterval,
    Duration idleTimeout,
    Duration headerTimeout,
    boolean selfHeal,
    boolean relay,
    Optional<Duration> maxLeaseLife,
    Duration connectGrace) {

  public static final int DEFAULT_API_PORT = 7878;

  /** The configuration, or every problem with it. */
  public static DaemonConfig fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    int port = (int) number(env, "ESCARP_API_PORT", DEFAULT_API_PORT, 1, 65535, true, problems);
    double ttl = number(env, "ESCARP_LEASE_TTL_S", 60, 0.001, 86_400, false, problems);
    double discovery = number(env, "ESCARP_DISCOVERY_WAIT_S", 0, 0, 600, false, problems);
    double health = number(env, "ESCARP_HEALTH_INTERVAL_S", 5, 0.05, 3600, false, problems);
    double idle = number(env, "ESCARP_IDLE_TIMEOUT_S", 60, 0.05, 86_400, false, problems);
    double header = number(env, "ESCARP_HEADER_TIMEOUT_S", 10, 0.05, 3600, false, problems);
    ResetPolicy policy = ResetPolicy.TABS;
    String rawPolicy = env.get("ESCARP_RESET_POLICY");
    if (rawPolicy != null && !rawPolicy.isBlank()) {
      try {
        policy = ResetPolicy.parse(rawPolicy.trim());
      } catch (IllegalArgumentException e) {
        problems.add("ESCARP_RESET_POLICY must be tabs or clean, got '" + rawPolicy + "'");
      }
    }
    Optional<String> token = Optional.ofNullable(env.get("ESCARP_API_TOKEN")).filter(t -> !t.isBlank());
    boolean selfHeal = true;
    String rawHeal = env.get("ESCARP_SELF_HEAL");
    if (rawHeal != null && !rawHeal.isBlank()) {
      switch (rawHeal.trim().toLowerCase(Locale.ROOT)) {
        case "on", "1", "true", "yes" -> selfHeal = true;
        case "off", "0", "false", "no" -> selfHeal = false;
        default -> problems.add("ESCARP_SELF_HEAL must be on or off, got '" + rawHeal + "'");
      }
    }
    boolean relay = true;
    String rawEndpoint = env.get("ESCARP_CDP_ENDPOINT");
    if (rawEndpoint != null && !rawEndpoint.isBlank()) {
      switch (rawEndpoint.trim().toLowerCase(Locale.ROOT)) {
        case "relay" -> relay = true;
        case "direct" -> relay = false;
        default -> problems.add("ESCARP_CDP_ENDPOINT must be relay or direct, got '" + rawEndpoint + "'");
      }
    }
    try {
      resetStrategy(env);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    try {
      browserHangAfter(env);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    double maxLease = number(env, "ESCARP_MAX_LEASE_S", 0, 0.001, 31_536_000, false, problems);
    double grace = number(env, "ESCARP_CONNECT_GRACE_S", 10, 0, 86_400, false, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new DaemonConfig(EscarpHome.fromEnvironment(env), port, seconds(ttl), seconds(discovery),
        token, policy, seconds(health), seconds(idle), seconds(header), selfHeal, relay,
        maxLease > 0 ? Optional.of(seconds(maxLease)) : Optional.empty(), seconds(grace));
  }

  /**
   * {@code ESCARP_RESET_STRATEGY} ({@code reuse}): how a reset gets to its policy's result;
   * {@code full} always opens a new tab, the escarp 1.x way (kept for comparison and as an escape
   * hatch). Read beside the record so that adding it touched no other setting.
   */
  public static ResetStrategy resetStrategy(Map<String, String> env) {
    String raw = env.get("ESCARP_RESET_STRATEGY");
    if (raw == null || raw.isBlank()) {
      return ResetStrategy.REUSE;
    }
    try {
      return ResetStrategy.parse(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ESCARP_RESET_STRATEGY must be reuse or full, got '" + raw + "'", e);
    }
  }

  /**
   * {@code ESCARP_BROWSER_HANG_S} (10): how long a slot's running browser may go without answering
   * {@code /json/version} before the healer ends and relaunches it. Read beside the record, as
   * {@link #resetStrategy}.
   */
  public static Duration browserHangAfter(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    double hang = number(env, "ESCARP_BROWSER_HANG_S", 10, 0.5, 3600, false, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.get(0));
    }
    return seconds(hang);
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  private static double number(Map<String, String> env, String name, double fallback, double min, double max,
      boolean integer, List<String> problems) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      double value = integer ? Integer.parseInt(raw.trim()) : Double.parseDouble(raw.trim());
      if (Double.isFinite(value) && value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    problems.add(name + " must be " + (integer ? "an integer" : "a number") + " in " + format(min) + ".."
        + format(max) + ", got '" + raw + "'");
    return fallback;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
