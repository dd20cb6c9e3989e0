package dev.escarp.core.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
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

  byte[] toJson() {
    ObjectNode node = JsonTrees.object();
    node.put("pid", pid);
    node.put("holder", holder);
    node.put("since", sinceEpochSeconds);
    node.put("state", state.wire);
    return JsonTrees.bytes(node);
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
