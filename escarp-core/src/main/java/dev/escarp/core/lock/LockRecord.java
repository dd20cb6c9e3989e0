package dev.escarp.core.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a slot's holder writes into the lock file: {@code {"pid", "holder", "since", "state"}}.
 * {@code in_use} while held; {@code clean} after a successful reset, just before unlocking. A
 * claimant that finds {@code in_use} in a file it could lock knows the last holder never reset.
 */
record LockRecord(long pid, String holder, double sinceEpochSeconds, State state) {

  enum State {
    IN_USE("in_use"),
    CLEAN("clean");

    final String wire;

    State(String wire) {
      this.wire = wire;
    }
  }

  /** The record as JSON, written by hand: it is written on every claim and release, Jackson's tree costs more. */
  byte[] toJson() {
    StringBuilder json = new StringBuilder(96 + holder.length());
    json.append("{\"pid\":").append(pid).append(",\"holder\":\"");
    for (int i = 0; i < holder.length(); i++) {
      char c = holder.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    json.append("\",\"since\":").append(sinceEpochSeconds).append(",\"state\":\"").append(state.wire).append("\"}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The record in these bytes; empty for an empty, foreign or half-written file. */
  static Optional<LockRecord> parse(byte[] bytes) {
    if (bytes.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = JsonTrees.parse(bytes);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      String state = node.path("state").asText("");
      State parsed = State.IN_USE.wire.equals(state) ? State.IN_USE
          : State.CLEAN.wire.equals(state) ? State.CLEAN : null;
      if (parsed == null) {
        return Optional.empty();
      }
      return Optional.of(new LockRecord(
          node.path("pid").asLong(-1), node.path("holder").asText(""),
          node.path("since").asDouble(0), parsed));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
