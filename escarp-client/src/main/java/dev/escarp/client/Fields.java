package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Nullable JSON fields as Optionals. */
final class Fields {

  private Fields() {}

  static Optional<String> text(JsonNode json, String field) {
    JsonNode n = json.path(field);
    return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
  }

  static OptionalInt integer(JsonNode json, String field) {
    JsonNode n = json.path(field);
    return n.isIntegralNumber() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
  }

  static OptionalDouble number(JsonNode json, String field) {
    JsonNode n = json.path(field);
    return n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
  }
}
