package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseToken;
import java.io.IOException;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A request's JSON object, with typed getters that refuse bad input the way the wire contract
 * names it ({@code bad_json}, {@code missing_*}, {@code bad_field}). Messages quote field names,
 * never values that could be secrets.
 */
final class RequestBody {

  static final int MAX_SLOT = 65535;
  static final double MAX_WAIT_SECONDS = 3600;

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

  String requiredHolder() {
    JsonNode v = root.get("holder");
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ApiException(400, "missing_holder", "'holder' must be a non-empty string");
    }
    if (v.asText().length() > 200) {
      throw ApiException.badField("'holder' must be at most 200 characters");
    }
    return v.asText();
  }

  LeaseToken requiredToken() {
    JsonNode v = root.get("lease_token");
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new ApiException(400, "missing_lease_token", "'lease_token' must be a non-empty string");
    }
    return LeaseToken.of(v.asText());
  }

  /** An optional slot: absent or null means "any". */
  OptionalInt optionalSlot() {
    JsonNode v = root.get("slot");
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(slotValue(v, false));
  }

  /** A required slot, as pool add/remove need: {@code missing_slot} when it is not an integer. */
  int requiredSlot() {
    JsonNode v = root.get("slot");
    if (v == null || v.isNull()) {
      throw new ApiException(400, "missing_slot", "'slot' must be an integer");
    }
    return slotValue(v, true);
  }

  private static int slotValue(JsonNode v, boolean missingIfNotInteger) {
    if (!v.isIntegralNumber()) {
      if (missingIfNotInteger) {
        throw new ApiException(400, "missing_slot", "'slot' must be an integer");
      }
      throw ApiException.badField("'slot' must be an integer or null");
    }
    if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() > MAX_SLOT) {
      throw ApiException.badField("'slot' must be in 0.." + MAX_SLOT);
    }
    return v.asInt();
  }

  OptionalInt optionalDevPort() {
    JsonNode v = root.get("dev_port");
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > 65535) {
      throw ApiException.badField("'dev_port' must be an integer in 1..65535");
    }
    return OptionalInt.of(v.asInt());
  }

  OptionalDouble optionalWaitSeconds() {
    JsonNode v = root.get("wait_s");
    if (v == null || v.isNull()) {
      return OptionalDouble.empty();
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > MAX_WAIT_SECONDS) {
      throw ApiException.badField("'wait_s' must be a number of seconds in 0.." + (int) MAX_WAIT_SECONDS);
    }
    return OptionalDouble.of(v.asDouble());
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
}
