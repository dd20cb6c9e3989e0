package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.core.slot.RemoteBrowser;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code remote} field of {@code POST /pool/add}: a URL string, or {@code {name?, url,
 * headers?}}. Refusals name the field, never its value (it may carry a token).
 */
final class RemoteRequest {

  private RemoteRequest() {}

  static Optional<RemoteBrowser> from(JsonNode body) {
    JsonNode remote = body.get("remote");
    if (remote == null || remote.isNull()) {
      return Optional.empty();
    }
    JsonNode url = remote.isTextual() ? remote : remote.path("url");
    if (!url.isTextual() || url.asText().isBlank()) {
      throw ApiException.badField("'remote' must be a URL or {name, url, headers}: 'url' must be a non-empty string");
    }
    try {
      URI uri = URI.create(url.asText().strip());
      String name = remote.path("name").isTextual() ? remote.path("name").asText() : RemoteBrowser.nameFor(uri);
      Map<String, String> headers = new LinkedHashMap<>();
      JsonNode given = remote.path("headers");
      if (given.isObject()) {
        given.fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
      } else if (!given.isMissingNode() && !given.isNull()) {
        throw ApiException.badField("'remote.headers' must be an object of strings");
      }
      return Optional.of(new RemoteBrowser(name, uri, headers));
    } catch (IllegalArgumentException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().replaceAll("'[^']*://[^']*'", "(the url)");
      throw ApiException.badField("'remote': " + why);
    }
  }
}
