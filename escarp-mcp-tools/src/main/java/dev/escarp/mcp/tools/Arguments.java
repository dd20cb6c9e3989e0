package dev.escarp.mcp.tools;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A tool call's arguments, read by type. The SDK validates them against the input schema first;
 * this is the second line, so a wrong type is a clear {@link IllegalArgumentException}, never a
 * {@code ClassCastException}.
 */
final class Arguments {

  private final Map<String, Object> values;

  Arguments(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  Optional<String> text(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(name + " must be a string, got " + v);
    }
    return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }

  OptionalInt integer(String name, int min, int max) {
    Object v = values.get(name);
    if (v == null) {
      return OptionalInt.empty();
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= min && n.doubleValue() <= max) {
      return OptionalInt.of(n.intValue());
    }
    throw new IllegalArgumentException(name + " must be an integer in " + min + ".." + max + ", got " + v);
  }

  OptionalDouble number(String name, double min) {
    Object v = values.get(name);
    if (v == null) {
      return OptionalDouble.empty();
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= min) {
      return OptionalDouble.of(n.doubleValue());
    }
    throw new IllegalArgumentException(name + " must be a number >= " + min + ", got " + v);
  }
}
