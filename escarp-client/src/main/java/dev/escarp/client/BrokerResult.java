package dev.escarp.client;

import java.util.Optional;
import java.util.function.Function;

/**
 * What a broker call came to: the value, the daemon's refusal ({@code {"error","message"}} with
 * its HTTP status), or no answer at all.
 */
public sealed interface BrokerResult<T> {

  static <T> BrokerResult<T> ok(T value) {
    return new Ok<>(value);
  }

  /** The value when the call succeeded. */
  Optional<T> value();

  /** The value, or {@link BrokerException} carrying this failure. */
  default T orElseThrow() {
    if (this instanceof Ok<T> ok) {
      return ok.payload;
    }
    throw new BrokerException(failureMessage());
  }

  default <R> BrokerResult<R> map(Function<T, R> mapper) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(mapper.apply(ok.payload));
    }
    if (this instanceof Refused<T> refused) {
      return new Refused<>(refused.error());
    }
    return new Unreachable<>(((Unreachable<T>) this).message());
  }

  /** One line for a person: empty text for success. */
  String failureMessage();

  record Ok<T>(T payload) implements BrokerResult<T> {
    public Ok {
      java.util.Objects.requireNonNull(payload, "payload");
    }

    @Override
    public Optional<T> value() {
      return Optional.of(payload);
    }

    @Override
    public String failureMessage() {
      return "";
    }
  }

  /** The daemon answered with an error. */
  record Refused<T>(ApiError error) implements BrokerResult<T> {
    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public String failureMessage() {
      return error.error() + ": " + error.message();
    }
  }

  /** Nothing answered (connection refused, timed out, or not an escarp daemon). */
  record Unreachable<T>(String message) implements BrokerResult<T> {
    @Override
    public Optional<T> value() {
      return Optional.empty();
    }

    @Override
    public String failureMessage() {
      return message;
    }
  }
}
