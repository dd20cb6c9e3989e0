package dev.escarp.broker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CDP connection through the JDK's own WebSocket client (not escarp's CDP code): commands by
 * id, and how the connection was closed (code and reason), for tests of the relay.
 */
public final class CdpSocket implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the server closed the socket; {@code code} -1 when it was dropped without a close frame. */
  public record Closed(int code, String reason) {}

  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending;
  private final AtomicInteger ids = new AtomicInteger();
  private CompletableFuture<WebSocket> lastSend; // guarded by this
  private final CompletableFuture<Closed> closed;
  private final Listener listener;

  private CdpSocket(WebSocket socket, Map<Integer, CompletableFuture<JsonNode>> pending,
      CompletableFuture<Closed> closed, Listener listener) {
    this.listener = listener;
    this.socket = socket;
    this.lastSend = CompletableFuture.completedFuture(socket);
    this.pending = pending;
    this.closed = closed;
  }

  /** Opens the socket; fails with the server's status when the upgrade is refused. */
  public static CdpSocket open(String url) throws Exception {
    CompletableFuture<Closed> closed = new CompletableFuture<>();
    Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    Listener listener = new Listener(pending, closed);
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url), listener)
        .get(10, TimeUnit.SECONDS);
    return new CdpSocket(ws, pending, closed, listener);
  }

  public JsonNode send(String method) throws Exception {
    return send(method, JSON.createObjectNode());
  }

  /** Sends a command and waits for its result (or fails with the CDP error). */
  public JsonNode send(String method, ObjectNode params) throws Exception {
    return sendAsync(method, params, null).get(30, TimeUnit.SECONDS);
  }

  public CompletableFuture<JsonNode> sendAsync(String method, ObjectNode params, String sessionId) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    synchronized (this) { // the JDK's WebSocket takes one send at a time: queue behind the last
      lastSend = lastSend.thenCompose(ws -> ws.sendText(message.toString(), true));
    }
    return result;
  }

  public static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** Events (messages without an id) go to this listener, on the socket's thread. */
  public void onEvent(java.util.function.Consumer<JsonNode> events) {
    listener.events = events;
  }

  public CompletableFuture<Closed> closed() {
    return closed;
  }

  @Override
  public void close() {
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    private final Map<Integer, CompletableFuture<JsonNode>> pending;
    private final CompletableFuture<Closed> closed;
    private final StringBuilder text = new StringBuilder();
    volatile java.util.function.Consumer<JsonNode> events = e -> { };

    Listener(Map<Integer, CompletableFuture<JsonNode>> pending, CompletableFuture<Closed> closed) {
      this.pending = pending;
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        try {
          JsonNode node = JSON.readTree(message);
          if (!node.has("id")) {
            events.accept(node);
          } else {
            CompletableFuture<JsonNode> waiting = pending.remove(node.get("id").asInt());
            if (waiting != null) {
              if (node.has("error")) {
                waiting.completeExceptionally(new IllegalStateException(node.get("error").toString()));
              } else {
                waiting.complete(node.get("result"));
              }
            }
          }
        } catch (Exception e) {
          closed.completeExceptionally(e);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      pending.values().forEach(p -> p.completeExceptionally(new IllegalStateException("closed: " + reason)));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
      pending.values().forEach(p -> p.completeExceptionally(error));
    }
  }
}
