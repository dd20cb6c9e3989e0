package dev.escarp.cdp.watch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing a page said: a console call ({@code source} {@code console}, {@code level} its type),
 * an uncaught exception ({@code exception}, {@code error}) or a browser log entry ({@code
 * log.<source>}, its level).
 */
public record ConsoleEntry(Instant at, String source, String level, String text, Optional<String> url) {

  public ConsoleEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(url, "url");
  }

  /** One line for a text file: {@code console.error: boom}, {@code uncaught: Error: kaboom}, ... */
  public String line() {
    if (source.equals("console")) {
      return "console." + level + ": " + text;
    }
    if (source.equals("exception")) {
      return "uncaught: " + text;
    }
    return "log." + level + " (" + source.substring(source.indexOf('.') + 1) + "): " + text
        + url.map(u -> " " + u).orElse("");
  }
}
