package dev.escarp.cli.commands;

import dev.escarp.mcp.McpMain;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP part of the build's training run: one stdio shim session and one session at a
 * daemon's {@code /mcp} (initialize, tools/list, a tool call, the end), so the class-data archive
 * holds what both transports load and an agent's shim starts from it.
 */
final class McpTraining {

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"training\",\"version\":\"1\"}}}";
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  private static final String STATUS = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
      + "{\"name\":\"escarp_status\",\"arguments\":{}}}";

  private McpTraining() {}

  /** A shim in daemon mode against the daemon at {@code port}, over pipes, until its stdin ends. */
  static void shim(Map<String, String> env, int port) throws Exception {
    Map<String, String> shimEnv = new java.util.HashMap<>(env);
    shimEnv.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + port);
    PipedOutputStream toShim = new PipedOutputStream();
    PipedInputStream shimIn = new PipedInputStream(toShim, 1 << 16);
    PipedOutputStream shimOut = new PipedOutputStream();
    BufferedReader fromShim = new BufferedReader(new InputStreamReader(new PipedInputStream(shimOut, 1 << 16),
        StandardCharsets.UTF_8));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Thread serving = new Thread(() -> McpMain.run(List.of("--mode", "daemon"), shimEnv, shimIn, shimOut, quiet),
        "training-shim");
    serving.start();
    for (String line : List.of(INITIALIZE, INITIALIZED + "\n" + LIST, STATUS)) {
      toShim.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      toShim.flush();
      fromShim.readLine(); // each batch has one answer: wait for it before the next
    }
    toShim.close();
    serving.join(10_000);
  }

  /** One session at {@code /mcp}: raw HTTP/1.1, one request per connection. */
  static void http(int port) throws IOException {
    String session = header(post(port, INITIALIZE, Optional.empty()), "mcp-session-id")
        .orElseThrow(() -> new IOException("no Mcp-Session-Id in the initialize answer"));
    post(port, INITIALIZED, Optional.of(session));
    post(port, LIST, Optional.of(session));
    post(port, STATUS, Optional.of(session));
    exchange(port, "DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nMcp-Session-Id: " + session
        + "\r\nConnection: close\r\n\r\n");
  }

  private static String post(int port, String body, Optional<String> session) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return exchange(port, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\n" + session.map(s -> "Mcp-Session-Id: " + s + "\r\n").orElse("")
        + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
  }

  private static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static Optional<String> header(String response, String name) {
    for (String line : response.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return Optional.of(line.substring(colon + 1).trim());
      }
      if (line.isEmpty()) {
        break;
      }
    }
    return Optional.empty();
  }
}
