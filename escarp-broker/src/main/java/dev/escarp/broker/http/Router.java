package dev.escarp.broker.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Finds the route for a method and path: 404 for an unknown path, 405 for a wrong method. */
public final class Router implements Route {

  private final Map<String, Map<String, Route>> routes = new HashMap<>();
  /** Routes that own every path under a prefix (they dispatch methods themselves). */
  private final Map<String, Route> prefixes = new java.util.LinkedHashMap<>();

  public Router add(String method, String path, Route route) {
    routes.computeIfAbsent(path, p -> new HashMap<>()).put(method, route);
    return this;
  }

  /** A route for every path that starts with {@code prefix} (and no exact route matched). */
  public Router addPrefix(String prefix, Route route) {
    prefixes.put(prefix, route);
    return this;
  }

  /** The route's name for metrics: its path when known, else its prefix with "*", else "unknown". */
  public String routeName(ApiRequest request) {
    if (routes.containsKey(request.path())) {
      return request.path();
    }
    return prefixFor(request.path()).map(p -> p + "*").orElse("unknown");
  }

  private java.util.Optional<String> prefixFor(String path) {
    return prefixes.keySet().stream().filter(path::startsWith).findFirst();
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    Map<String, Route> byMethod = routes.get(request.path());
    if (byMethod == null) {
      java.util.Optional<String> prefix = prefixFor(request.path());
      if (prefix.isPresent()) {
        return prefixes.get(prefix.get()).handle(request);
      }
      throw new ApiException(404, "not_found", "no route " + request.path());
    }
    Route route = byMethod.get(request.method());
    if (route == null) {
      throw new ApiException(405, "method_not_allowed",
          request.method() + " is not allowed on " + request.path() + "; use " + String.join(" or ", byMethod.keySet()));
    }
    return route.handle(request);
  }
}
