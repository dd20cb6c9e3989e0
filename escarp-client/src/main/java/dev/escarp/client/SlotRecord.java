package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A slot's public record as the daemon sent it: the fields callers act on, typed, and the whole
 * JSON object for everything else (window and app identity, fields newer daemons add).
 */
public record SlotRecord(JsonNode json) {

  public int slot() {
    return json.path("slot").asInt(-1);
  }

  public String state() {
    return json.path("state").asText("unknown");
  }

  public int cdpPort() {
    return json.path("cdp_port").asInt(-1);
  }

  public Optional<String> cdpWsUrl() {
    return Fields.text(json, "cdp_ws_url");
  }

  public Optional<String> holder() {
    return Fields.text(json, "holder");
  }

  public OptionalInt devPort() {
    return Fields.integer(json, "dev_port");
  }

  public OptionalDouble expiresAt() {
    return Fields.number(json, "expires_at");
  }

  public OptionalInt holderPid() {
    return Fields.integer(json, "holder_pid");
  }
}
