package dev.escarp.mcp.bench;

import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.mcp.testing.ShimCommand;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two MCP transports side by side, one daemon (a child process) over 4 browsers: connect to
 * tools listed (HTTP session against a stdio shim spawned as an agent spawns it), and the control
 * plane's resident memory for 8 agents (the daemon with 8 HTTP sessions, each with its event
 * stream open, against the daemon plus 8 shims). {@code -Dbench.escarp=<bin/escarp>} runs the
 * distribution's daemon and shim (default: java on this class path), {@code -Dbench.runs=21}. Run
 * by {@code escarp-mcp/bench/transports.sh}.
 */
public final class McpTransportBenchmark {

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 21);
    String escarp = System.getProperty("bench.escarp", "");
    String shim = escarp.isEmpty() ? "" : Path.of(escarp).resolveSibling("escarp-mcp").toString();
    Path home = Files.createTempDirectory("escarp-mcp-bench-");
    try (TestPool pool = TestPool.create(home, 4)) {
      pool.launchAll();
      new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(4).withCdpBase(pool.layout().cdpBase()));
      Map<String, String> env = TestDaemon.environment(pool, Map.of());
      int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
      try (Daemon daemon = Daemon.start(env, escarp, port)) {
        Thread.sleep(3000); // pacing, not a wait: let the fresh daemon and browsers settle before the idle figure
        double idle = rssMiB(daemon.pid());
        long firstRequest = rawInitialize(port); // the daemon loads the MCP SDK on its first /mcp request
        httpToToolsListed(port); // warms this JVM's client, so the runs below time the session, not class loading
        Map<String, String> shimEnv = ShimCommand.withDaemon(home, port);
        List<Long> http = new ArrayList<>();
        List<Long> stdio = new ArrayList<>();
        for (int i = 0; i < runs; i++) { // alternate, so a busy moment hits both
          http.add(httpToToolsListed(port));
          stdio.add(stdioToToolsListed(shim, shimEnv));
        }
        System.out.printf("| connect to tools listed | median | min | max | runs |%n|---|---|---|---|---|%n");
        System.out.printf("| HTTP /mcp (SDK client, new session) | %.1f ms | %.1f ms | %.1f ms | %d |%n",
            median(http), ms(Collections.min(http)), ms(Collections.max(http)), http.size());
        System.out.printf("| stdio shim (%s), spawn | %.1f ms | %.1f ms | %.1f ms | %d |%n",
            shim.isEmpty() ? "java -cp, no CDS" : "bin/escarp-mcp", median(stdio), ms(Collections.min(stdio)),
            ms(Collections.max(stdio)), stdio.size());
        System.out.printf("%nfirst /mcp request to a fresh daemon (initialize, raw HTTP; loads the MCP SDK): %.1f ms%n",
            ms(firstRequest));

        List<McpSyncClient> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          McpSyncClient c = httpClient(port);
          c.initialize();
          c.listTools();
          sessions.add(c);
        }
        Thread.sleep(3000); // pacing: the same settling time as the idle figure
        double withHttp = rssMiB(daemon.pid());
        sessions.forEach(McpSyncClient::closeGracefully);

        List<McpSyncClient> shims = new ArrayList<>();
        Set<Long> before = children();
        for (int i = 0; i < 8; i++) {
          McpSyncClient c = stdioClient(shim, shimEnv);
          c.initialize();
          c.listTools();
          shims.add(c);
        }
        Thread.sleep(3000);
        double shimsRss = 0;
        for (long pid : children()) {
          if (!before.contains(pid)) {
            shimsRss += rssMiB(pid);
          }
        }
        double daemonBeside = rssMiB(daemon.pid());
        shims.forEach(McpSyncClient::closeGracefully);
        System.out.printf("%n| control plane for 8 agents | VmRSS |%n|---|---|%n");
        System.out.printf("| daemon, idle | %.1f MiB |%n", idle);
        System.out.printf("| daemon with 8 HTTP MCP sessions | %.1f MiB (+%.1f) |%n", withHttp, withHttp - idle);
        System.out.printf("| daemon + 8 stdio shims | %.1f + %.1f = %.1f MiB |%n", daemonBeside, shimsRss,
            daemonBeside + shimsRss);
        System.out.printf("%nload average: %s", Files.readString(Path.of("/proc/loadavg")));
      }
    }
  }

  /** The daemon as agents meet it: the distribution's {@code bin/escarp daemon}, or java on this class path. */
  private record Daemon(Process process) implements AutoCloseable {
    static Daemon start(Map<String, String> env, String escarp, int port) throws Exception {
      ProcessBuilder builder = (escarp.isEmpty()
          ? new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
              "dev.escarp.broker.daemon.DaemonMain")
          : new ProcessBuilder(escarp, "daemon"))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      while (true) { // until it serves: the first request is what the benchmark measures, not the boot
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return new Daemon(process);
        } catch (IOException notYet) {
          Thread.sleep(10);
        }
      }
    }

    long pid() {
      return process.pid(); // bin/escarp execs java: the same process
    }

    @Override
    public void close() {
      process.destroyForcibly();
      process.onExit().join();
    }
  }

  private static long rawInitialize(int port) throws IOException {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
    long start = System.nanoTime();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      s.getInputStream().readAllBytes();
    }
    return System.nanoTime() - start;
  }

  private static long httpToToolsListed(int port) {
    long start = System.nanoTime();
    McpSyncClient client = httpClient(port);
    client.initialize();
    client.listTools();
    long took = System.nanoTime() - start;
    client.closeGracefully();
    return took;
  }

  private static long stdioToToolsListed(String shim, Map<String, String> env) {
    long start = System.nanoTime();
    McpSyncClient client = stdioClient(shim, env);
    client.initialize();
    client.listTools();
    long took = System.nanoTime() - start;
    client.closeGracefully();
    return took;
  }

  private static McpSyncClient httpClient(int port) {
    return McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp")
        .build()).clientInfo(new McpSchema.Implementation("bench", "1")).build();
  }

  private static McpSyncClient stdioClient(String shim, Map<String, String> env) {
    List<String> command = shim.isEmpty() ? ShimCommand.command("--mode", "daemon") : List.of(shim, "--mode", "daemon");
    ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(
        new com.fasterxml.jackson.databind.ObjectMapper())) {
      @Override
      protected ProcessBuilder getProcessBuilder() {
        ProcessBuilder builder = new ProcessBuilder();
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
      }
    };
    transport.setStdErrorHandler(line -> {});
    return McpClient.sync(transport).clientInfo(new McpSchema.Implementation("bench", "1")).build();
  }

  private static Set<Long> children() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private static double rssMiB(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return 0;
  }

  private static double median(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return ms(sorted.get(sorted.size() / 2));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
