package dev.escarp.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void anUnknownClient_isABadArgument() {
    CliHarness.Result result = new CliHarness(home, 1).run("setup", "cursor");
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.toString());
  }
}
