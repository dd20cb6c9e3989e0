package dev.escarp.broker.http;

import java.util.concurrent.CompletableFuture;

/** An open server-sent-events response. Thread-safe. */
public interface EventStream {

  /** Writes one event ({@code id:}, {@code event:} and {@code data:} lines); false if the stream is closed. */
  boolean send(String id, String event, String data);

  /** Ends the response (and its connection). Idempotent. */
  void close();

  /** Completes when the stream ends, by {@link #close} or because the client went away. */
  CompletableFuture<Void> closed();
}
