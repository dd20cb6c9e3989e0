package dev.escarp.macos.window;

import java.util.Objects;

/** One thing focusing tried, and how it went. */
public record FocusStep(String action, boolean ok, String detail) {

  public FocusStep {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(detail, "detail");
  }
}
