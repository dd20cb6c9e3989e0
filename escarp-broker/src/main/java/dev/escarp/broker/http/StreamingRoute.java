package dev.escarp.broker.http;

/**
 * A route whose answer may be a stream (server-sent events) rather than one response, such as
 * MCP's Streamable HTTP at {@code /mcp}. Called on a Netty event loop: it must not block; it
 * answers through {@code responder}, from any thread, exactly once.
 */
@FunctionalInterface
public interface StreamingRoute {

  void handle(ApiRequest request, Responder responder);
}
