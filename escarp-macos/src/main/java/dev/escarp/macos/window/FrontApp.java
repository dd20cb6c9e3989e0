package dev.escarp.macos.window;

import java.util.Objects;
import java.util.Optional;

/**
 * The application that has keyboard focus (AppKit's frontmost application).
 *
 * @param bundleId its bundle identifier, when it has one
 */
public record FrontApp(long pid, Optional<String> bundleId) {

  public FrontApp {
    Objects.requireNonNull(bundleId, "bundleId");
  }
}
