package dev.escarp.junit;

import dev.escarp.cdp.reset.ResetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The extension's settings, read from JUnit configuration parameters (junit-platform.properties,
 * or {@code -D} system properties): see the constants of {@link EscarpExtension}.
 *
 * @param evidence where failed tests leave their screenshot and console; empty: nowhere
 */
record EscarpSettings(Optional<Path> home, Duration claimTimeout, ResetPolicy reset, Optional<Path> evidence) {

  static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(2);
  static final Path DEFAULT_EVIDENCE = Path.of("target", "escarp-evidence");

  EscarpSettings {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(claimTimeout, "claimTimeout");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(evidence, "evidence");
  }

  static EscarpSettings defaults() {
    return new EscarpSettings(Optional.empty(), DEFAULT_CLAIM_TIMEOUT, ResetPolicy.CLEAN, Optional.of(DEFAULT_EVIDENCE));
  }

  /** Reads the settings; a bad value fails with a message that names the parameter and the value. */
  static EscarpSettings from(Function<String, Optional<String>> parameters) {
    EscarpSettings d = defaults();
    Optional<Path> home = value(parameters, EscarpExtension.HOME).map(Path::of);
    Duration timeout = value(parameters, EscarpExtension.CLAIM_TIMEOUT)
        .map(v -> parse(EscarpExtension.CLAIM_TIMEOUT, v, EscarpSettings::duration, "seconds (\"90\") or ISO-8601 (\"PT2M\")"))
        .orElse(d.claimTimeout());
    ResetPolicy reset = value(parameters, EscarpExtension.RESET)
        .map(v -> parse(EscarpExtension.RESET, v, ResetPolicy::parse, "clean or tabs"))
        .orElse(d.reset());
    Optional<Path> evidence = value(parameters, EscarpExtension.EVIDENCE)
        .map(v -> v.strip().equalsIgnoreCase("none") ? Optional.<Path>empty() : Optional.of(Path.of(v.strip())))
        .orElse(d.evidence());
    return new EscarpSettings(home, timeout, reset, evidence);
  }

  private static Optional<String> value(Function<String, Optional<String>> parameters, String name) {
    return parameters.apply(name).filter(v -> !v.isBlank());
  }

  private static <T> T parse(String name, String value, Function<String, T> parser, String expected) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      throw new ExtensionConfigurationException(
          name + " must be " + expected + ", got '" + value + "'; set it in junit-platform.properties or with -D" + name + "=...");
    }
  }

  private static Duration duration(String value) {
    String v = value.strip();
    Duration d;
    try {
      d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(value, e2);
      }
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("negative: " + value);
    }
    return d;
  }
}
