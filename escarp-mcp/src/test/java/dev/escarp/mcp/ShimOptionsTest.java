package dev.escarp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.mcp.backend.Mode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShimOptionsTest {

  @Test
  void withNothingSet_theModeIsAuto_andWaitsAreCappedAt15Seconds() {
    ShimOptions options = ShimOptions.parse(List.of(), Map.of());
    assertEquals(Mode.AUTO, options.mode());
    assertEquals(Duration.ofSeconds(15), options.maxWait());
    assertTrue(options.holder().isEmpty());
  }

  @Test
  void theFlagBeatsTheEnvironment() {
    Map<String, String> env = Map.of("ESCARP_MCP_MODE", "daemon");
    assertEquals(Mode.DAEMON, ShimOptions.parse(List.of(), env).mode());
    assertEquals(Mode.EMBEDDED, ShimOptions.parse(List.of("--mode", "embedded"), env).mode());
    assertEquals(Mode.EMBEDDED, ShimOptions.parse(List.of("--mode=Embedded"), env).mode());
  }

  @Test
  void badValues_areRejectedNamingTheirSource() {
    IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
        () -> ShimOptions.parse(List.of("--mode", "remote"), Map.of()));
    assertTrue(flag.getMessage().startsWith("--mode: unknown mode 'remote'"), flag.getMessage());
    IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
        () -> ShimOptions.parse(List.of(), Map.of("ESCARP_MCP_MODE", "x")));
    assertTrue(env.getMessage().startsWith("ESCARP_MCP_MODE"), env.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ShimOptions.parse(List.of("--verbose"), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> ShimOptions.parse(List.of(), Map.of("ESCARP_MCP_MAX_WAIT_S", "-1")));
  }

  @Test
  void theHolderAndWaitCap_comeFromTheEnvironment() {
    ShimOptions options = ShimOptions.parse(List.of(), Map.of("ESCARP_MCP_HOLDER", "ci-runner", "ESCARP_MCP_MAX_WAIT_S", "50"));
    assertEquals("ci-runner", options.holder().orElseThrow());
    assertEquals(Duration.ofSeconds(50), options.maxWait());
  }

  @Test
  void run_withABadFlag_exits2_withUsageOnStderr_andNothingOnStdout() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = McpMain.run(List.of("--mode", "sideways"), Map.of(), new ByteArrayInputStream(new byte[0]), out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertEquals(0, out.size());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: escarp-mcp"));
  }
}
