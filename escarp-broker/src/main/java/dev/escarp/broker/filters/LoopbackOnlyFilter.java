package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses what a web page could forge (403): a {@code Host} that is not a loopback name (DNS
 * rebinding), and an {@code Origin} that is not a loopback origin.
 */
final class LoopbackOnlyFilter implements Filter {

  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  @Override
  public Route apply(Route next) {
    return request -> {
      Optional<String> host = request.header("host");
      if (host.isPresent() && !isLoopbackHost(host.get())) {
        throw new ApiException(403, "forbidden_origin", "Host '" + host.get() + "' is not a loopback address");
      }
      Optional<String> origin = request.header("origin");
      if (origin.isPresent() && !isLoopbackOrigin(origin.get())) {
        throw new ApiException(403, "forbidden_origin", "requests from origin '" + origin.get() + "' are refused");
      }
      return next.handle(request);
    };
  }

  static boolean isLoopbackHost(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && LOOPBACK_NAMES.contains(h.substring(0, end + 1)) && validPort(h.substring(end + 1));
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    return LOOPBACK_NAMES.contains(name) && validPort(colon < 0 ? "" : h.substring(colon));
  }

  /** Empty, or a colon and one to five digits (no regex: this runs on every request). */
  private static boolean validPort(String rest) {
    if (rest.isEmpty()) {
      return true;
    }
    if (rest.length() < 2 || rest.length() > 6 || rest.charAt(0) != ':') {
      return false;
    }
    for (int i = 1; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static boolean isLoopbackOrigin(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      String scheme = uri.getScheme();
      String host = uri.getHost();
      return ("http".equals(scheme) || "https".equals(scheme)) && host != null
          && LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT))
          && (uri.getPath() == null || uri.getPath().isEmpty());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
