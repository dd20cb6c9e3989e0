package dev.escarp.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A transport provider that says when the client went away. The SDK has no such callback, but
 * the stdio transport closes its session's transport when stdin ends or carries something that is
 * not JSON-RPC: this wrapper runs {@code onEnd} then (at most once).
 */
final class SessionEndTransportProvider implements McpServerTransportProvider {

  private final McpServerTransportProvider delegate;
  private final Runnable onEnd;

  SessionEndTransportProvider(McpServerTransportProvider delegate, Runnable onEnd) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
  }

  @Override
  public void setSessionFactory(McpServerSession.Factory factory) {
    delegate.setSessionFactory(transport -> factory.create(new Watched(transport)));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return delegate.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return delegate.notifyClient(sessionId, method, params);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  /** The session's transport, reporting its close. */
  private final class Watched implements McpServerTransport {

    private final McpServerTransport transport;

    Watched(McpServerTransport transport) {
      this.transport = transport;
    }

    @Override
    public void close() {
      try {
        transport.close();
      } finally {
        onEnd.run();
      }
    }

    @Override
    public Mono<Void> closeGracefully() {
      return transport.closeGracefully().doFinally(signal -> onEnd.run());
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return transport.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return transport.unmarshalFrom(data, typeRef);
    }

    @Override
    public List<String> protocolVersions() {
      return transport.protocolVersions();
    }
  }
}
