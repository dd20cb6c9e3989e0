package dev.escarp.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.testing.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupCommandTest {

  @TempDir Path home;
  @TempDir Path bin;

  @Test
  void withTheAgentsCliOnPath_itRegistersEscarpThroughIt() throws Exception {
    Path record = bin.resolve("args.txt");
    Path claude = bin.resolve("claude");
    Files.writeString(claude, "#!/bin/sh\necho \"$@\" > '" + record + "'\necho registered\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    CliHarness cli = new CliHarness(home, 1);
    Map<String, String> env = new HashMap<>(cli.env());
    env.put("PATH", bin + ":/usr/bin:/bin");

    CliHarness.Result result = cli.run(env, "setup", "claude-code");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(Files.readString(record).startsWith("mcp add escarp -- "), Files.readString(record));
    assertTrue(result.out().contains("registered with claude-code"), result.out());
  }

  @Test
  void withoutTheAgentsCli_itPrintsTheCommandAndAConfigSnippet() {
    CliHarness cli = new CliHarness(home, 1);
    Map<String, String> env = new HashMap<>(cli.env());
    env.put("PATH", bin.toString());
    CliHarness.Result result = cli.run(env, "setup", "codex");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.out().contains("codex mcp add escarp -- "), result.out());
    assertTrue(result.out().contains("[mcp_servers.escarp]"), result.out());
    assertTrue(result.out().contains("\"mcpServers\""), result.out());
  }

  @Test
  void withTheDaemonServing_itRegistersTheDaemonsHttpEndpoint_notTheShim() throws Exception {
    Path record = bin.resolve("args.txt");
    Path claude = bin.resolve("claude");
    Files.writeString(claude, "#!/bin/sh\necho \"$@\" > '" + record + "'\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TestDaemon daemon = TestDaemon.createWithoutBrowsers(home, 1, Map.of()).start()) {
      CliHarness cli = new CliHarness(home, 1);
      Map<String, String> env = new HashMap<>(cli.env());
      env.put("ESCARP_API_PORT", Integer.toString(daemon.api().port()));
      env.put("PATH", bin + ":/usr/bin:/bin");
      String url = "http://127.0.0.1:" + daemon.api().port() + "/mcp";

      CliHarness.Result viaClaude = cli.run(env, "setup", "claude-code");
      assertEquals(0, viaClaude.exitCode(), viaClaude.toString());
      assertEquals("mcp add --transport http escarp " + url, Files.readString(record).trim());

      CliHarness.Result printed = cli.run(env, "setup", "codex"); // no codex on PATH: the lines to paste
      assertEquals(0, printed.exitCode(), printed.toString());
      assertTrue(printed.out().contains("claude mcp add --transport http escarp " + url), printed.out());
      assertTrue(printed.out().contains("codex mcp add escarp --url " + url), printed.out());
      assertTrue(printed.out().contains("{\"type\": \"http\", \"url\": \"" + url + "\"}"), printed.out());

      CliHarness.Result forced = cli.run(env, "setup", "claude-code", "--stdio");
      assertEquals(0, forced.exitCode(), forced.toString());
      assertTrue(Files.readString(record).startsWith("mcp add escarp -- "), Files.readString(record));
    }
  }

  @Test
  void anUnknownClient_isABadArgument() {
    CliHarness.Result result = new CliHarness(home, 1).run("setup", "cursor");
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.toString());
  }
}
