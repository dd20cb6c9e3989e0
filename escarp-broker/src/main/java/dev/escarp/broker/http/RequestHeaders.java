package dev.escarp.broker.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A request's headers, looked up by case-insensitive name; the first value of each. */
@FunctionalInterface
public interface RequestHeaders {

  Optional<String> get(String name);

  /** Headers from a map whose keys are the names in lower case. */
  static RequestHeaders of(Map<String, String> lowerCaseNames) {
    Map<String, String> copy = Map.copyOf(lowerCaseNames);
    return name -> Optional.ofNullable(copy.get(name.toLowerCase(Locale.ROOT)));
  }
}
