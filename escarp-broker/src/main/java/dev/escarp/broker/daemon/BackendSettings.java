package dev.escarp.broker.daemon;

import dev.escarp.broker.pool.BackendPreference;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's backend settings, from the environment: {@code ESCARP_BACKEND_PREFERENCE}
 * ({@code local,remote}), {@code ESCARP_REMOTE_HEALTH_INTERVAL_S} (1: how often remote browsers
 * are probed, so a dead one leaves rotation within 2 s) and {@code ESCARP_CHROMEDRIVER} (the
 * chromedriver for WebDriver leases; default {@code chromedriver} on {@code PATH}). A bad value
 * is an error naming the variable; the daemon does not start on one.
 */
public record BackendSettings(BackendPreference preference, Duration remoteHealthInterval,
    Optional<String> chromedriver) {

  public static BackendSettings fromEnvironment(Map<String, String> env) {
    BackendPreference preference = BackendPreference.parse(env.get("ESCARP_BACKEND_PREFERENCE"));
    Duration interval = Duration.ofSeconds(1);
    String raw = env.get("ESCARP_REMOTE_HEALTH_INTERVAL_S");
    if (raw != null && !raw.isBlank()) {
      double seconds;
      try {
        seconds = Double.parseDouble(raw.strip());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (!(seconds >= 0.05 && seconds <= 3600)) {
        throw new IllegalArgumentException("ESCARP_REMOTE_HEALTH_INTERVAL_S must be a number in 0.05..3600, got '"
            + raw + "'");
      }
      interval = Duration.ofMillis(Math.round(seconds * 1000));
    }
    Optional<String> chromedriver = Optional.ofNullable(env.get("ESCARP_CHROMEDRIVER")).filter(s -> !s.isBlank());
    return new BackendSettings(preference, interval, chromedriver);
  }
}
