package dev.escarp.macos.window;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one call into the window system: a value, "this machine has no such thing"
 * (Linux, or a Mac whose frameworks could not be loaded), or a failure of the call itself (a
 * permission missing, a tool refusing).
 */
public sealed interface NativeResult<T> permits NativeResult.Ok, NativeResult.Unavailable, NativeResult.Failed {

  record Ok<T>(T value) implements NativeResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The platform cannot do this at all; {@code reason} says so plainly, for people. */
  record Unavailable<T>(String reason) implements NativeResult<T> {
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  record Failed<T>(String reason) implements NativeResult<T> {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static <T> NativeResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> NativeResult<T> unavailable(String reason) {
    return new Unavailable<>(reason);
  }

  static <T> NativeResult<T> failed(String reason) {
    return new Failed<>(reason);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The same outcome with the value mapped; an unavailable or failed outcome passes through. */
  default <R> NativeResult<R> map(Function<? super T, ? extends R> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    if (this instanceof Unavailable<T> u) {
      return new Unavailable<>(u.reason());
    }
    return new Failed<>(((Failed<T>) this).reason());
  }

  /** Why there is no value; empty for {@link Ok}. */
  default String problem() {
    if (this instanceof Unavailable<T> u) {
      return u.reason();
    }
    if (this instanceof Failed<T> f) {
      return f.reason();
    }
    return "";
  }
}
