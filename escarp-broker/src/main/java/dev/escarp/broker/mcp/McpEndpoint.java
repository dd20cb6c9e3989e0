package dev.escarp.broker.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Responder;
import dev.escarp.broker.http.StreamingRoute;
import dev.escarp.broker.routes.SlotRecords;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.mcp.session.HeartbeatThread;
import dev.escarp.mcp.session.SessionLease;
import dev.escarp.mcp.tools.EscarpTools;
import dev.escarp.mcp.tools.HolderNames;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The daemon's {@code /mcp}: the escarp MCP tools (the stdio shim's, from escarp-mcp-tools) over
 * Streamable HTTP, one lease per MCP session, heartbeated in-process. Built on the first request,
 * on the blocking executor: a daemon nobody asks for MCP loads none of the SDK.
 */
public final class McpEndpoint implements StreamingRoute, AutoCloseable {

  /** How often the session rules are checked. */
  static final Duration SWEEP_INTERVAL = Duration.ofMillis(250);

  private final LeaseTable table;
  private final SlotRecords records;
  private final Executor blocking;
  private final McpOptions options;
  private final Consumer<String> log;
  private final Callers callers;
  private CompletableFuture<Served> served;
  private boolean closed;

  public McpEndpoint(LeaseTable table, SlotRecords records, Executor blocking, McpOptions options,
      Consumer<String> log, Callers callers) {
    this.callers = callers;
    this.table = table;
    this.records = records;
    this.blocking = blocking;
    this.options = options;
    this.log = log;
  }

  @Override
  public void handle(ApiRequest request, Responder responder) {
    served().whenComplete((s, failure) -> {
      if (failure != null) {
        responder.respond(ApiResponse.error(409, "mcp_unavailable", "MCP could not start: " + failure), Map.of());
        return;
      }
      try {
        s.transport.handle(request, responder);
      } catch (RuntimeException e) {
        responder.respond(dev.escarp.broker.http.ApiException.responseFor(e), Map.of());
      }
    });
  }

  private synchronized CompletableFuture<Served> served() {
    if (served == null) {
      served = closed ? CompletableFuture.failedFuture(new IllegalStateException("closed"))
          : CompletableFuture.supplyAsync(this::build, blocking);
    }
    return served;
  }

  private Served build() {
    long pid = ProcessHandle.current().pid();
    ObjectMapper mapper = new ObjectMapper();
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
    HeartbeatThread heartbeats = new HeartbeatThread(log);
    McpSessions registry = new McpSessions(System::nanoTime, options.streamGrace(), options.idleLimit());
    HttpMcpTransport transport = new HttpMcpTransport(json, registry,
        (id, request) -> new SessionLease(new TableBackend(table, records,
            callers.authenticate(request.header("authorization")).flatMap(Callers.Caller::client)), heartbeats, InstantSource.system(), line -> log.accept("mcp: " + line)),
        blocking, log);
    McpSyncServer server = McpServer.sync(transport)
        .serverInfo(McpSchema.Implementation.builder("escarp", version()).title("escarp").build())
        .instructions(EscarpTools.INSTRUCTIONS)
        .capabilities(EscarpTools.CAPABILITIES)
        .jsonMapper(json)
        .jsonSchemaValidator(EscarpTools.schemaValidator(mapper))
        .tools(EscarpTools.specifications(registry::lease, new HolderNames(Optional.empty(), pid, true),
            options.maxWait(), pid))
        .build();
    var sweeps = heartbeats.every(SWEEP_INTERVAL, transport::sweep);
    return new Served(transport, server, heartbeats, sweeps);
  }

  /** Live MCP sessions (for tests and metrics); 0 before the first MCP request. */
  public int sessions() {
    CompletableFuture<Served> s;
    synchronized (this) {
      s = served;
    }
    return s == null || !s.isDone() || s.isCompletedExceptionally() ? 0 : s.join().transport.sessionCount();
  }

  /** Ends every session, releasing its lease. */
  @Override
  public void close() {
    CompletableFuture<Served> s;
    synchronized (this) {
      closed = true;
      s = served;
    }
    if (s == null) {
      return;
    }
    try {
      Served running = s.join();
      running.sweeps.cancel();
      running.transport.close();
      running.server.close();
      running.heartbeats.close();
    } catch (RuntimeException e) {
      log.accept("mcp: could not start, nothing to close (" + e + ")");
    }
  }

  private static String version() {
    String v = McpEndpoint.class.getPackage().getImplementationVersion();
    return v == null ? "2.0.0-SNAPSHOT" : v;
  }

  private record Served(HttpMcpTransport transport, McpSyncServer server, HeartbeatThread heartbeats,
      dev.escarp.mcp.session.HeartbeatScheduler.Scheduled sweeps) {}
}
