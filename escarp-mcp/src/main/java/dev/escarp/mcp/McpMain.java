package dev.escarp.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.mcp.backend.BackendSelector;
import dev.escarp.mcp.lease.LeaseBackend;
import dev.escarp.mcp.session.HeartbeatThread;
import dev.escarp.mcp.session.SessionLease;
import dev.escarp.mcp.tools.EscarpTools;
import dev.escarp.mcp.tools.HolderNames;
import dev.escarp.mcp.tools.SessionLookup;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code escarp-mcp}: the escarp tools for an MCP client over stdio. Runs until the client goes
 * away (stdin ends or the transport closes) or SIGTERM, and releases its lease on the way out; if
 * it is killed outright, the daemon's {@code /hold} or the kernel's flock frees the slot anyway.
 *
 * <p>stdout carries JSON-RPC only: while {@link #run} runs, {@code System.out} points at stderr,
 * and every log line (ours and the SDK's) goes to stderr.
 */
public final class McpMain {

  private McpMain() {}

  public static void main(String[] args) {
    PrintStream protocol = System.out; // taken before anything else can write to it
    System.exit(run(Arrays.asList(args), System.getenv(), System.in, protocol, System.err));
  }

  /**
   * Serves one MCP session on {@code in}/{@code out} until the client goes away.
   *
   * @return the exit status: 0 after a normal end, 2 for bad arguments or settings
   */
  public static int run(List<String> args, Map<String, String> env, InputStream in, OutputStream out, PrintStream err) {
    Consumer<String> log = line -> err.println("escarp-mcp: " + line);
    ShimOptions options;
    try {
      options = ShimOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("escarp-mcp: " + e.getMessage());
      err.println(ShimOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      err.println(ShimOptions.USAGE);
      return 0;
    }
    PrintStream previousOut = System.out;
    System.setOut(err); // a stray println anywhere in the process must not corrupt the protocol
    try {
      return serve(options, env, in, out, log);
    } finally {
      System.setOut(previousOut);
    }
  }

  private static int serve(ShimOptions options, Map<String, String> env, InputStream in, OutputStream out,
      Consumer<String> log) {
    long pid = ProcessHandle.current().pid();
    LeaseBackend backend = new BackendSelector(env, log).open(options.mode());
    HeartbeatThread heartbeats = new HeartbeatThread(log);
    SessionLease session = new SessionLease(backend, heartbeats, InstantSource.system(), log);
    CountDownLatch clientGone = new CountDownLatch(1);
    // SIGTERM and SIGINT run shutdown hooks: release explicitly (and, embedded, reset) before exit.
    Thread onSignal = new Thread(session::close, "escarp-mcp-shutdown");
    Runtime.getRuntime().addShutdownHook(onSignal);

    ObjectMapper mapper = new ObjectMapper();
    McpSyncServer server = McpServer.sync(new SessionEndTransportProvider(
            new StdioServerTransportProvider(new JacksonMcpJsonMapper(mapper), in, out), clientGone::countDown))
        .serverInfo(McpSchema.Implementation.builder("escarp-mcp", version()).title("escarp").build())
        .instructions(EscarpTools.INSTRUCTIONS)
        .capabilities(EscarpTools.CAPABILITIES)
        .jsonMapper(new JacksonMcpJsonMapper(mapper))
        .jsonSchemaValidator(EscarpTools.schemaValidator(mapper))
        .tools(EscarpTools.specifications(SessionLookup.single(session), new HolderNames(options.holder(), pid),
            options.maxWait(), pid))
        .build();
    log.accept("serving escarp_status, escarp_acquire, escarp_release on stdio (" + backend.mode() + " mode, pid "
        + pid + ")");
    try {
      clientGone.await();
      log.accept("the client went away; ending the session");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      session.close();
      server.close();
      heartbeats.close();
      backend.close();
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run; nothing to undo
      }
    }
    return 0;
  }

  private static String version() {
    String version = McpMain.class.getPackage().getImplementationVersion();
    return version == null ? "2.0.0-SNAPSHOT" : version;
  }
}
