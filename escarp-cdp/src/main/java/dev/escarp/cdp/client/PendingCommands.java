package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands sent and not yet answered, by id. Whoever removes an entry completes it, so an answer,
 * a timeout and a dropped connection can race without completing a future twice. Once {@link
 * #failAll} has run, nothing new is accepted: a command sent after the connection dropped fails at
 * once instead of waiting for its timeout.
 */
final class PendingCommands {

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private volatile CdpClosedException closed;

  private record Pending(String method, CompletableFuture<ObjectNode> future) {}

  /** Registers a command; the future is already failed if the connection is gone. */
  CompletableFuture<ObjectNode> register(long id, String method) {
    CompletableFuture<ObjectNode> future = new CompletableFuture<>();
    pending.put(id, new Pending(method, future));
    CdpClosedException cause = closed;
    if (cause != null) {
      // failAll may have drained the map just before our put: fail what it missed.
      fail(id, cause);
    }
    return future;
  }

  void complete(CdpResponse response) {
    Pending entry = pending.remove(response.id());
    if (entry == null) {
      return; // timed out already, or not ours
    }
    if (response.error() != null) {
      entry.future().completeExceptionally(toException(entry.method(), response.error()));
    } else {
      entry.future().complete(response.result());
    }
  }

  void timeout(long id, Duration after) {
    Pending entry = pending.remove(id);
    if (entry != null) {
      entry.future().completeExceptionally(new CdpTimeoutException(entry.method(), after));
    }
  }

  void fail(long id, RuntimeException cause) {
    Pending entry = pending.remove(id);
    if (entry != null) {
      entry.future().completeExceptionally(cause);
    }
  }

  /** Fails every pending command at once with {@code cause}, and every later one too. */
  void failAll(CdpClosedException cause) {
    if (closed == null) {
      closed = cause;
    }
    for (Long id : pending.keySet()) {
      fail(id, closed);
    }
  }

  boolean isClosed() {
    return closed != null;
  }

  int size() {
    return pending.size();
  }

  private static CdpCommandException toException(String method, ObjectNode error) {
    JsonNode data = error.get("data");
    return new CdpCommandException(
        method,
        error.path("code").asInt(0),
        error.path("message").asText(""),
        data == null || data.isNull()
            ? Optional.empty()
            : Optional.of(data.isTextual() ? data.asText() : data.toString()));
  }
}
