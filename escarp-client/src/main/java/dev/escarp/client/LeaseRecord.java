package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The holder's lease record: the slot's record plus {@code lease_token}. Never print it whole. */
public record LeaseRecord(JsonNode json) {

  public int slot() {
    return json.path("slot").asInt(-1);
  }

  public String leaseToken() {
    return json.path("lease_token").asText("");
  }

  public String holder() {
    return json.path("holder").asText("");
  }

  public int cdpPort() {
    return json.path("cdp_port").asInt(-1);
  }

  public Optional<String> cdpWsUrl() {
    return Fields.text(json, "cdp_ws_url");
  }

  public OptionalInt devPort() {
    return Fields.integer(json, "dev_port");
  }

  public OptionalDouble expiresAt() {
    return Fields.number(json, "expires_at");
  }

  /** The record as {@code /status} shows it: everything but the token. */
  public JsonNode withoutToken() {
    JsonNode copy = json.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("lease_token");
    return copy;
  }
}
