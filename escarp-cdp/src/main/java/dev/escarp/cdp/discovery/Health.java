package dev.escarp.cdp.discovery;

import java.util.Objects;
import java.util.Optional;

/**
 * A slot browser's health as the broker's sweep sees it.
 *
 * @param port the DevTools port probed
 * @param healthy whether the browser answered over HTTP and over its WebSocket in time
 * @param reason {@code ok}, or what failed, for people
 * @param version what {@code /json/version} said, when it answered
 */
public record Health(int port, boolean healthy, String reason, Optional<BrowserVersion> version) {

  public Health {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(version, "version");
  }

  static Health ok(BrowserVersion version) {
    return new Health(version.port(), true, "ok", Optional.of(version));
  }

  static Health unhealthy(int port, String reason, Optional<BrowserVersion> version) {
    return new Health(port, false, reason, version);
  }
}
