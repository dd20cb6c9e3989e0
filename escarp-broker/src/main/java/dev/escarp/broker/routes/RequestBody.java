package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.LeaseToken;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A request's JSON object, with typed getters that refuse bad input the way the wire contract
 * names it ({@code bad_json}, {@code missing_*}, {@code bad_field}). Messages quote field names,
 * never values that could be secrets. Ranges are {@link AcquireRequest}'s, the one set of limits
 * the daemon, the client, the CLI and the MCP shim share.
 */
final class RequestBody {

  private final ObjectNode root;

  private RequestBody(ObjectNode root) {
    this.root = root;
  }

  static RequestBody parse(byte[] body) {
    JsonNode node;
    try {
      node = body.length == 0 ? null : JsonTrees.parseRejectingDuplicates(body);
    } catch (IOException e) {
      throw ApiException.badJson("the body is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badJson("the body must be a JSON object");
    }
    return new RequestBody((ObjectNode) node);
  }

  /** The whole object, for parts that read a nested field themselves. */
  ObjectNode json() {
    return root;
  }

  String requiredHolder() {
    JsonNode v = root.get("holder");
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ApiException(400, "missing_holder", "'holder' must be a non-empty string");
    }
    return v.asText(); // its length is AcquireRequest's to check
  }

  LeaseToken requiredToken() {
    JsonNode v = root.get("lease_token");
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ApiException(400, "missing_lease_token", "'lease_token' must be a non-empty string");
    }
    return LeaseToken.of(v.asText());
  }

  /** An optional slot: absent or null means "any"; its range is AcquireRequest's to check. */
  OptionalInt optionalSlot() {
    JsonNode v = root.get("slot");
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    if (!v.isIntegralNumber()) {
      throw ApiException.badField("'slot' must be an integer or null");
    }
    if (!v.canConvertToInt()) {
      throw ApiException.badField("'slot' must be in 0.." + AcquireRequest.MAX_SLOT);
    }
    return OptionalInt.of(v.asInt());
  }

  /** A required slot, as pool add/remove need: {@code missing_slot} when it is not an integer. */
  int requiredSlot() {
    JsonNode v = root.get("slot");
    if (v == null || v.isNull()) {
      throw new ApiException(400, "missing_slot", "'slot' must be an integer");
    }
    if (!v.isIntegralNumber()) {
      throw new ApiException(400, "missing_slot", "'slot' must be an integer");
    }
    if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() > AcquireRequest.MAX_SLOT) {
      throw ApiException.badField("'slot' must be in 0.." + AcquireRequest.MAX_SLOT);
    }
    return v.asInt();
  }

  OptionalInt optionalDevPort() {
    JsonNode v = root.get("dev_port");
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.badField("'dev_port' must be an integer in " + AcquireRequest.MIN_DEV_PORT + ".."
          + AcquireRequest.MAX_DEV_PORT);
    }
    return OptionalInt.of(v.asInt());
  }

  /** An optional wait; its range is AcquireRequest's to check. */
  Optional<Duration> optionalWait() {
    JsonNode v = root.get("wait_s");
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw ApiException.badField("'wait_s' must be a number of seconds in 0.." + AcquireRequest.MAX_WAIT_SECONDS);
    }
    return Optional.of(AcquireRequest.waitOfSeconds(v.asDouble()));
  }

  /** An optional priority for a waiting acquire; its range is AcquireRequest's to check. */
  int optionalPriority() {
    JsonNode v = root.get("priority");
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiException.badField("'priority' must be an integer in " + -AcquireRequest.MAX_PRIORITY + ".."
          + AcquireRequest.MAX_PRIORITY);
    }
    return v.asInt();
  }

  boolean optionalFlag(String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw ApiException.badField("'" + name + "' must be true or false");
    }
    return v.asBoolean();
  }

  /** An optional non-empty string field; never echoes its value. */
  Optional<String> optionalText(String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badField("'" + name + "' must be a non-empty string");
    }
    return Optional.of(v.asText());
  }

  /** An optional number of seconds, positive and finite. */
  Optional<Duration> optionalPositiveSeconds(String name) {
    JsonNode v = root.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0 || v.asDouble() > 1e9) {
      throw ApiException.badField("'" + name + "' must be a positive number of seconds");
    }
    return Optional.of(Duration.ofMillis(Math.round(v.asDouble() * 1000)));
  }

  ObjectNode root() {
    return root;
  }
}
