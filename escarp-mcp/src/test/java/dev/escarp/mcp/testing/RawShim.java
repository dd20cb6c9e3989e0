package dev.escarp.mcp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The shim as a bare subprocess, spoken to in JSON-RPC lines by hand: for what the SDK's client
 * cannot do, closing the shim's stdin (its {@code closeGracefully} SIGTERMs instead), and for
 * checking that every line on stdout is JSON-RPC.
 */
public final class RawShim implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> allStdout = new ArrayList<>();
  private final StringBuffer stderr = new StringBuffer();
  private int nextId = 1;

  private RawShim(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
    pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
  }

  public static RawShim start(Map<String, String> env, String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(ShimCommand.command(args));
    builder.environment().clear();
    builder.environment().putAll(env);
    return new RawShim(builder.start());
  }

  /** initialize + notifications/initialized. */
  public JsonNode initialize() throws Exception {
    ObjectNode params = JSON.createObjectNode();
    params.put("protocolVersion", "2025-06-18");
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "raw-test-client").put("version", "1");
    JsonNode result = request("initialize", params);
    send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    return result;
  }

  /** tools/call; returns the JSON-RPC result (content, structuredContent, isError). */
  public JsonNode callTool(String name, Map<String, Object> arguments) throws Exception {
    ObjectNode params = JSON.createObjectNode().put("name", name);
    params.set("arguments", JSON.valueToTree(arguments));
    return request("tools/call", params);
  }

  public JsonNode request(String method, JsonNode params) throws Exception {
    int id = nextId++;
    ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    message.set("params", params);
    send(message);
    while (true) {
      String line = stdout.poll(60, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no answer to " + method + " within 60 s; stderr:\n" + stderr);
      }
      JsonNode answer = JSON.readTree(line);
      if (answer.path("id").asInt(-1) == id) {
        if (answer.has("error")) {
          throw new AssertionError(method + " failed: " + answer);
        }
        return answer.path("result");
      }
    }
  }

  /** Closes the shim's stdin: the client went away. */
  public void closeStdin() throws IOException {
    stdin.close();
  }

  public Process process() {
    return process;
  }

  /** Every line the shim wrote to stdout so far. */
  public synchronized List<String> stdoutLines() {
    return List.copyOf(allStdout);
  }

  public String stderr() {
    return stderr.toString();
  }

  private void send(JsonNode message) throws IOException {
    stdin.write((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private void pump(BufferedReader reader, boolean isStdout) {
    Thread t = new Thread(() -> {
      try {
        String line;
        while ((line = reader.readLine()) != null) {
          if (isStdout) {
            synchronized (this) {
              allStdout.add(line);
            }
            stdout.add(line);
          } else {
            stderr.append(line).append('\n');
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, isStdout ? "raw-shim-stdout" : "raw-shim-stderr");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
