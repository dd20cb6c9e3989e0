package dev.escarp.mcp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A shim started as a real subprocess and driven by the MCP Java SDK's client over stdio, the
 * way an agent would. {@link #close()} closes the client (the SDK then SIGTERMs the shim) and
 * makes sure the process is gone.
 */
public final class ShimClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final McpSyncClient client;
  private final ProcessHandle process;
  private final Queue<String> stderr;

  private ShimClient(McpSyncClient client, ProcessHandle process, Queue<String> stderr) {
    this.client = client;
    this.process = process;
    this.stderr = stderr;
  }

  /** Starts the shim, initializes the session and lists its tools (so the client checks outputs). */
  public static ShimClient start(Map<String, String> env, String... args) {
    List<String> command = ShimCommand.command(args);
    ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    Queue<String> stderr = new ConcurrentLinkedQueue<>();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON)) {
      @Override
      protected ProcessBuilder getProcessBuilder() {
        // The SDK adds to the inherited environment; the shim must see exactly ours.
        ProcessBuilder builder = new ProcessBuilder();
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
      }
    };
    transport.setStdErrorHandler(stderr::add);
    Set<Long> before = childPids();
    McpSyncClient client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("escarp-test-agent", "1.0").build())
        // Generous: a shim is a JVM start, and CI machines are shared; the tests are not about these limits.
        .initializationTimeout(Duration.ofSeconds(60))
        .requestTimeout(Duration.ofSeconds(30))
        .enableCallToolSchemaCaching(true) // the client then checks every result against its output schema
        .build();
    try {
      client.initialize();
      client.listTools();
    } catch (RuntimeException e) {
      client.close();
      newChildren(before).forEach(ProcessHandle::destroyForcibly); // never leave a shim behind
      throw new AssertionError("the shim did not start: " + e.getMessage() + "\nshim stderr:\n"
          + String.join("\n", stderr), e);
    }
    ProcessHandle process = newChildren(before).stream().findFirst()
        .orElseThrow(() -> new AssertionError("the shim process was not found among this JVM's children"));
    return new ShimClient(client, process, stderr);
  }

  public McpSyncClient mcp() {
    return client;
  }

  public ProcessHandle process() {
    return process;
  }

  public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  /** Calls a tool that must succeed, and returns its structured content. */
  public JsonNode ok(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(tool, arguments);
    if (Boolean.TRUE.equals(result.isError())) {
      fail(tool + " failed: " + result.content() + "\nshim stderr:\n" + stderr());
    }
    return JSON.valueToTree(result.structuredContent());
  }

  /**
   * Calls a tool that must fail with {@code isError}, and returns its refusal: the JSON in the
   * last text content (an error result carries no structured content; see ToolResults).
   */
  public JsonNode error(String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = call(tool, arguments);
    assertEquals(Boolean.TRUE, result.isError(), () -> tool + " should have failed: " + result);
    assertEquals(null, result.structuredContent(), "structured content would be checked against the output schema");
    McpSchema.TextContent last = (McpSchema.TextContent) result.content().get(result.content().size() - 1);
    try {
      return JSON.readTree(last.text());
    } catch (java.io.IOException e) {
      throw new AssertionError("the last content of an error result is not JSON: " + last.text(), e);
    }
  }

  public JsonNode status() {
    return ok("escarp_status", Map.of());
  }

  public JsonNode acquire(Map<String, Object> arguments) {
    return ok("escarp_acquire", arguments);
  }

  public JsonNode release() {
    return ok("escarp_release", Map.of());
  }

  public String stderr() {
    return String.join("\n", stderr);
  }

  /** SIGKILL: nothing in the shim runs, so only /hold or the kernel's flock can free its slot. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    try {
      client.closeGracefully();
    } catch (RuntimeException ignored) {
      // the shim may be dead already (killed by the test)
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static List<ProcessHandle> newChildren(Set<Long> before) {
    return ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
  }

  private static Set<Long> childPids() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }
}
