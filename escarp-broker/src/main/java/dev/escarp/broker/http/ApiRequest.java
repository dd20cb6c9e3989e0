package dev.escarp.broker.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request as the routes see it: no Netty types, no buffers.
 *
 * @param headers looked up by name, case-insensitively; read in place, never copied
 * @param connectionClosed completes when the client's connection closes
 * @param connection lets a route exempt its connection from the server's timeouts
 * @param rawQuery what followed {@code ?} in the request line, undecoded; empty when nothing did
 */
public record ApiRequest(
    String method, String path, RequestHeaders headers, byte[] body,
    CompletableFuture<Void> connectionClosed, ConnectionControl connection, String rawQuery) {

  public ApiRequest(String method, String path, RequestHeaders headers, byte[] body,
      CompletableFuture<Void> connectionClosed, ConnectionControl connection) {
    this(method, path, headers, body, connectionClosed, connection, "");
  }

  /** A request whose connection cannot be marked long-lived. */
  public ApiRequest(String method, String path, RequestHeaders headers, byte[] body,
      CompletableFuture<Void> connectionClosed) {
    this(method, path, headers, body, connectionClosed, ConnectionControl.NONE);
  }

  public Optional<String> header(String name) {
    return headers.get(name);
  }

  public boolean isMutating() {
    return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
  }
}
