package dev.escarp.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cli.testing.CliHarness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code escarp mcp} is the MCP shim: JSON-RPC on stdout, and it ends when stdin closes. */
class McpCommandTest {

  @TempDir Path home;

  @Test
  void escarpMcp_answersInitializeOnStdout_andExitsCleanlyAtEndOfInput() throws Exception {
    CliHarness cli = new CliHarness(home, 1);
    List<String> command = CliHarness.java().command("dev.escarp.cli.EscarpMain", List.of("mcp", "--mode", "daemon"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(home.resolve("mcp.err").toFile());
    builder.environment().clear();
    builder.environment().putAll(cli.env());
    builder.environment().put("ESCARP_BROKER_URL", "http://127.0.0.1:" + LoopbackPorts.freePort());
    Process shim = builder.start();
    try (OutputStream in = shim.getOutputStream();
         BufferedReader out = new BufferedReader(new InputStreamReader(shim.getInputStream(), StandardCharsets.UTF_8))) {
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}\n")
          .getBytes(StandardCharsets.UTF_8));
      in.flush();
      String first = out.readLine();
      assertTrue(first.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\""), first);
      assertTrue(first.contains("escarp-mcp"), first);
      in.close(); // the client goes away
      assertTrue(shim.waitFor(30, TimeUnit.SECONDS), "the shim ends at end of input");
      assertEquals(0, shim.exitValue());
    } finally {
      shim.destroyForcibly();
    }
  }
}
