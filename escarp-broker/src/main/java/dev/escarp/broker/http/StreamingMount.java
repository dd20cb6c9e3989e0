package dev.escarp.broker.http;

import java.util.Objects;

/**
 * A {@link StreamingRoute} at one path, behind {@code guard}: the API's filters that fit a
 * stream (loopback Host and Origin, the bearer token), applied before the route sees the request.
 */
public record StreamingMount(String path, Filter guard, StreamingRoute route) {

  public StreamingMount {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(route, "route");
  }
}
