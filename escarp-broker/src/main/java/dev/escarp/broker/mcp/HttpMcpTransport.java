package dev.escarp.broker.mcp;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.EventStream;
import dev.escarp.broker.http.Responder;
import dev.escarp.broker.http.StreamingRoute;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.mcp.session.SessionLease;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * MCP Streamable HTTP on the daemon's own Netty server: {@code POST /mcp} carries JSON-RPC
 * (answered as one JSON response), {@code GET /mcp} opens the session's event stream for
 * server messages, {@code DELETE /mcp} ends the session. The MCP SDK's session does the
 * protocol; this adapter moves messages and keeps the lease rules ({@link McpSessions}).
 * {@link #handle} runs on an event loop and never blocks: tool calls run on the SDK's workers,
 * releases on the daemon's blocking executor.
 */
final class HttpMcpTransport implements McpStreamableServerTransportProvider, StreamingRoute {

  static final String SESSION_HEADER = "Mcp-Session-Id";

  private final McpJsonMapper json;
  private final McpSessions registry;
  /** A session's lease keeper, from its id and its initialize request (whose bearer names its client). */
  private final BiFunction<String, ApiRequest, SessionLease> newLease;
  private final Executor blocking;
  private final Consumer<String> log;
  private final Map<String, McpStreamableServerSession> live = new ConcurrentHashMap<>();
  private volatile McpStreamableServerSession.Factory factory;
  private volatile boolean closing;

  HttpMcpTransport(McpJsonMapper json, McpSessions registry, BiFunction<String, ApiRequest, SessionLease> newLease,
      Executor blocking, Consumer<String> log) {
    this.json = json;
    this.registry = registry;
    this.newLease = newLease;
    this.blocking = blocking;
    this.log = log;
  }

  @Override
  public List<String> protocolVersions() {
    return List.of(ProtocolVersions.MCP_2024_11_05, ProtocolVersions.MCP_2025_03_26,
        ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    this.factory = factory;
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Mono.fromRunnable(() -> live.values().forEach(s -> s.sendNotification(method, params).subscribe()));
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  /** Ends every session and releases its lease (the sessions live in memory and die with the daemon). */
  @Override
  public void close() {
    closing = true;
    registry.ids().forEach(id -> end(id, "the daemon is stopping"));
  }

  @Override
  public void handle(ApiRequest request, Responder responder) {
    if (closing) {
      throw new ApiException(409, "shutting_down", "the daemon is stopping");
    }
    switch (request.method()) {
      case "POST" -> post(request, responder);
      case "GET" -> get(request, responder);
      case "DELETE" -> delete(request, responder);
      default -> throw new ApiException(405, "method_not_allowed",
          request.method() + " is not allowed on /mcp; use POST, GET or DELETE");
    }
  }

  private void post(ApiRequest request, Responder responder) {
    if (!request.header("content-type").map(t -> t.toLowerCase().contains("application/json")).orElse(false)) {
      throw new ApiException(415, "unsupported_media_type", "POST /mcp needs 'Content-Type: application/json'");
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, new String(request.body(), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw ApiException.badJson("the body is not a JSON-RPC message: " + e.getMessage());
    }
    if (message instanceof McpSchema.JSONRPCRequest call && McpSchema.METHOD_INITIALIZE.equals(call.method())) {
      initialize(call, request, responder);
      return;
    }
    McpStreamableServerSession session = session(request);
    String id = session.getId();
    if (message instanceof McpSchema.JSONRPCRequest call) {
      registry.requestStarted(id);
      ReplyTransport reply = new ReplyTransport(json, responder, () -> registry.requestEnded(id));
      session.responseStream(call, reply).subscribe(done -> {}, reply::failed);
    } else if (message instanceof McpSchema.JSONRPCNotification note) {
      registry.requestStarted(id);
      session.accept(note).doFinally(s -> registry.requestEnded(id))
          .subscribe(done -> {}, e -> {}, () -> responder.respond(new ApiResponse(202, "", new byte[0]), Map.of()));
    } else {
      registry.requestStarted(id);
      session.accept((McpSchema.JSONRPCResponse) message).doFinally(s -> registry.requestEnded(id))
          .subscribe(done -> {}, e -> {}, () -> responder.respond(new ApiResponse(202, "", new byte[0]), Map.of()));
    }
  }

  private void initialize(McpSchema.JSONRPCRequest call, ApiRequest request, Responder responder) {
    McpSchema.InitializeRequest params = json.convertValue(call.params(), new TypeRef<McpSchema.InitializeRequest>() {});
    McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(params);
    String id = init.session().getId();
    live.put(id, init.session());
    registry.opened(id, newLease.apply(id, request));
    init.initResult().subscribe(result -> {
      McpSchema.JSONRPCResponse answer = new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, call.id(), result,
          null);
      responder.respond(jsonResponse(answer), Map.of(SESSION_HEADER, id));
    }, failure -> {
      end(id, "its initialization failed");
      responder.respond(ApiResponse.error(400, "bad_initialize", String.valueOf(failure.getMessage())), Map.of());
    });
  }

  private void get(ApiRequest request, Responder responder) {
    if (!request.header("accept").map(a -> a.contains("text/event-stream")).orElse(false)) {
      throw new ApiException(406, "not_acceptable", "GET /mcp opens an event stream: send 'Accept: text/event-stream'");
    }
    McpStreamableServerSession session = session(request);
    String id = session.getId();
    EventStream stream = responder.stream(Map.of(SESSION_HEADER, id));
    registry.streamOpened(id);
    McpStreamableServerSession.McpStreamableServerSessionStream listening =
        session.listeningStream(new StreamTransport(json, stream));
    stream.closed().thenRun(() -> {
      listening.close();
      registry.streamClosed(id);
    });
  }

  private void delete(ApiRequest request, Responder responder) {
    String id = session(request).getId();
    blocking.execute(() -> {
      end(id, "the client ended it");
      responder.respond(ApiResponse.ok(JsonTrees.object().put("ended", true)), Map.of());
    });
  }

  /** The session named by the request's header; 400 without one, 404 for one that ended or never was. */
  private McpStreamableServerSession session(ApiRequest request) {
    String id = request.header(SESSION_HEADER).map(String::strip).filter(s -> !s.isEmpty())
        .orElseThrow(() -> new ApiException(400, "missing_session_id",
            "this request needs the Mcp-Session-Id header the initialize answer carried"));
    McpStreamableServerSession session = live.get(id);
    if (session == null) {
      throw new ApiException(404, "unknown_session", "no MCP session has that id (it ended, or the daemon "
          + "restarted): initialize a new one");
    }
    return session;
  }

  /** Ends sessions past the grace or idle limit. Runs off the event loops. */
  void sweep() {
    registry.due().forEach(this::end);
  }

  /** Ends a session and releases its lease. Blocking (the release writes the journal). */
  void end(String id, String reason) {
    McpStreamableServerSession session = live.remove(id);
    Optional<SessionLease> lease = registry.remove(id);
    if (session == null && lease.isEmpty()) {
      return;
    }
    log.accept("MCP session " + id.substring(0, Math.min(8, id.length())) + " ended: " + reason);
    if (session != null) {
      session.delete().onErrorResume(e -> Mono.empty()).subscribe();
    }
    lease.ifPresent(SessionLease::close);
  }

  int sessionCount() {
    return registry.size();
  }

  private ApiResponse jsonResponse(McpSchema.JSONRPCMessage message) {
    try {
      return new ApiResponse(200, "application/json",
          json.writeValueAsString(message).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON-RPC message", e);
    }
  }
}
