package dev.escarp.mcp.lease;

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
}
