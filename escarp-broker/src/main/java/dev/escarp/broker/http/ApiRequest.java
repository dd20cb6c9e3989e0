package dev.escarp.broker.http;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request as the routes see it: no Netty types, no buffers.
 *
 * @param headers header names in lower case; the first value of each
 * @param connectionClosed completes when the client's connection goes away
 */
public record ApiRequest(
    String method, String path, Map<String, String> headers, byte[] body,
    CompletableFuture<Void> connectionClosed) {

  public ApiRequest {
    headers = Collections.unmodifiableMap(headers);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  public boolean isMutating() {
    return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
  }
}
