package dev.escarp.mcp.lease;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Why a backend could not do what was asked: an expected outcome that the tools turn into an
 * {@code isError} result, never a protocol failure.
 *
 * @param error a wire-contract style name: {@code pool_exhausted}, {@code unknown_slot},
 *     {@code slot_leased}, {@code broker_unreachable}, {@code browser_unavailable}, ...
 * @param message one or two sentences for the model: what happened and what to do
 * @param retryAfterSeconds when retrying may succeed, if anyone can tell
 */
public record Refusal(String error, String message, OptionalDouble retryAfterSeconds) {

  public Refusal {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
  }

  public static Refusal of(String error, String message) {
    return new Refusal(error, message, OptionalDouble.empty());
  }

  /**
   * {@code pool_exhausted} in words a model can act on: who holds what, and when the soonest
   * lease ends. {@code snapshot} holds the pool's public records (the daemon's 409 carries them).
   */
  public static Refusal poolExhausted(Iterable<JsonNode> snapshot) {
    List<String> holders = new ArrayList<>();
    OptionalDouble soonest = OptionalDouble.empty();
    for (JsonNode slot : snapshot) {
      String holder = slot.path("holder").asText("");
      holders.add("slot " + slot.path("slot").asInt() + " " + slot.path("state").asText("held")
          + (holder.isEmpty() ? "" : " by '" + holder + "'"));
      JsonNode retry = slot.path("retry_after_s");
      if (retry.isNumber() && retry.asDouble() > 0
          && (soonest.isEmpty() || retry.asDouble() < soonest.getAsDouble())) {
        soonest = OptionalDouble.of(retry.asDouble());
      }
    }
    String when = soonest.isPresent()
        ? "The soonest lease ends in about " + Math.round(Math.ceil(soonest.getAsDouble())) + " s unless its holder "
            + "heartbeats; retry after that, or call escarp_acquire again with wait_s."
        : "Retry later, or call escarp_acquire again with wait_s.";
    return new Refusal("pool_exhausted", "No browser is free: every slot is held ("
        + String.join(", ", holders) + "). " + when, soonest);
  }
}
