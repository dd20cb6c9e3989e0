package dev.escarp.broker.mcp;

import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Responder;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The answer to one JSON-RPC request, sent as a single {@code application/json} response (the
 * spec lets a server answer a POST that way instead of with a stream). escarp's tools send nothing
 * before their result, so nothing is lost by not streaming.
 */
final class ReplyTransport implements McpStreamableServerTransport {

  private final McpJsonMapper json;
  private final Responder responder;
  private final Runnable onDone;
  private final AtomicBoolean answered = new AtomicBoolean();

  ReplyTransport(McpJsonMapper json, Responder responder, Runnable onDone) {
    this.json = json;
    this.responder = responder;
    this.onDone = onDone;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return Mono.fromRunnable(() -> {
      if (message instanceof McpSchema.JSONRPCResponse && answered.compareAndSet(false, true)) {
        onDone.run();
        try {
          responder.respond(new ApiResponse(200, "application/json",
              json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8)), Map.of());
        } catch (IOException e) {
          responder.respond(ApiResponse.error(400, "bad_message", "the answer could not be written"), Map.of());
        }
      }
      // Anything else (a progress or log notification mid-call) has no stream here; escarp's tools send none.
    });
  }

  /** The SDK failed the request without an answer (a bug, or the session closing under it). */
  void failed(Throwable e) {
    if (answered.compareAndSet(false, true)) {
      onDone.run();
      responder.respond(ApiResponse.error(409, "session_closed", "the MCP session ended during this request"),
          Map.of());
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    failed(null);
  }
}
