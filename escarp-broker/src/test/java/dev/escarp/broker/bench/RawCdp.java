package dev.escarp.broker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bare CDP connection over the JDK's WebSocket, none of escarp's client code: the floor
 * benchmark's raw arm measures what the browser itself takes. Events go to one listener, on the
 * WebSocket's thread.
 */
final class RawCdp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final WebSocket socket;
  private volatile Consumer<JsonNode> events = e -> { };

  private RawCdp(WebSocket socket) {
    this.socket = socket;
  }

  /** Connects to the browser target of the browser at this loopback CDP port. */
  static RawCdp connect(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String version = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/version")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String url = JSON.readTree(version).path("webSocketDebuggerUrl").asText();
    RawCdp[] self = new RawCdp[1];
    StringBuilder partial = new StringBuilder();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          self[0].received(text);
        }
        w.request(1);
        return null;
      }
    }).join();
    self[0] = new RawCdp(ws);
    return self[0];
  }

  void onEvent(Consumer<JsonNode> listener) {
    this.events = listener;
  }

  CompletableFuture<JsonNode> send(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params == null ? JSON.createObjectNode() : params);
    synchronized (this) { // the JDK WebSocket takes one send at a time
      socket.sendText(message.toString(), true).join();
    }
    return answer;
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  private void received(String text) {
    try {
      JsonNode m = JSON.readTree(text);
      if (m.has("id")) {
        CompletableFuture<JsonNode> answer = pending.remove(m.path("id").asInt());
        if (answer != null) {
          if (m.has("error")) {
            answer.completeExceptionally(new IllegalStateException(m.path("error").toString()));
          } else {
            answer.complete(m.path("result"));
          }
        }
      } else {
        events.accept(m);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
  }
}
