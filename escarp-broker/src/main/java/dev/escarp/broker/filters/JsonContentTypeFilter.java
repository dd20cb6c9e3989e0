package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import java.util.Locale;

/**
 * A mutating request must say {@code Content-Type: application/json} (415): a web page cannot
 * send that cross-origin without a CORS preflight, which the daemon never grants. The relay's
 * paths are exempt: CDP clients send {@code PUT /json/new} bare, as Chromium expects.
 */
final class JsonContentTypeFilter implements Filter {

  @Override
  public Route apply(Route next) {
    return request -> {
      if (request.isMutating() && !RelayPaths.isRelay(request.path())) {
        String type = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        String mediaType = (semi < 0 ? type : type.substring(0, semi)).trim();
        if (!mediaType.equals("application/json")) {
          throw new ApiException(415, "unsupported_media_type",
              request.method() + " " + request.path() + " needs 'Content-Type: application/json'");
        }
      }
      return next.handle(request);
    };
  }
}
