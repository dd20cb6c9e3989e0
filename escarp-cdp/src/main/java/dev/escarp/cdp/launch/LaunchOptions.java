package dev.escarp.cdp.launch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How browsers are launched.
 *
 * @param display headless, headed, or decided from the host
 * @param readyTimeout how long to wait for {@code /json/version} to answer after the start
 * @param extraArgs more Chromium flags, appended after escarp's own
 */
public record LaunchOptions(Display display, Duration readyTimeout, List<String> extraArgs) {

  public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);

  public LaunchOptions {
    Objects.requireNonNull(display, "display");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    if (readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("readyTimeout must be positive, got " + readyTimeout);
    }
    extraArgs = List.copyOf(extraArgs);
  }

  public static LaunchOptions defaults() {
    return new LaunchOptions(Display.AUTO, DEFAULT_READY_TIMEOUT, List.of());
  }

  public LaunchOptions withDisplay(Display newDisplay) {
    return new LaunchOptions(newDisplay, readyTimeout, extraArgs);
  }

  public LaunchOptions withReadyTimeout(Duration timeout) {
    return new LaunchOptions(display, timeout, extraArgs);
  }

  public LaunchOptions withExtraArgs(List<String> args) {
    return new LaunchOptions(display, readyTimeout, args);
  }
}
