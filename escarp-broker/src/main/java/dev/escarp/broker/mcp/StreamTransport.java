package dev.escarp.broker.mcp;

import dev.escarp.broker.http.EventStream;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import reactor.core.publisher.Mono;

/** A session's event stream ({@code GET /mcp}): server messages as SSE {@code message} events. */
final class StreamTransport implements McpStreamableServerTransport {

  private final McpJsonMapper json;
  private final EventStream stream;

  StreamTransport(McpJsonMapper json, EventStream stream) {
    this.json = json;
    this.stream = stream;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return Mono.fromRunnable(() -> {
      try {
        stream.send(messageId, "message", json.writeValueAsString(message));
      } catch (IOException e) {
        stream.close();
      }
    });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(stream::close);
  }

  @Override
  public void close() {
    stream.close();
  }
}
