package dev.escarp.broker.http;

/** A concern that wraps routes (auth, origin checks, error mapping, metrics). */
@FunctionalInterface
public interface Filter {

  Route apply(Route next);

  default Filter andThen(Filter inner) {
    return next -> apply(inner.apply(next));
  }
}
