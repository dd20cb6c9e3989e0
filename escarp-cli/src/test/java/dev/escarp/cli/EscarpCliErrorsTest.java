package dev.escarp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cli.testing.CliHarness;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors are one line on stderr with a documented exit code, and never a stack trace. */
class EscarpCliErrorsTest {

  @TempDir Path home;

  @Test
  void unreachableDaemon_exitsFour_withOneLineThatSaysWhatToDo() {
    CliHarness cli = new CliHarness(home, 1);
    Map<String, String> env = new HashMap<>(cli.env());
    env.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + LoopbackPorts.freePort());
    for (String[] args : new String[][] {{"status"}, {"console"}, {"acquire", "--holder", "x"}, {"release", "--token", "t"}}) {
      CliHarness.Result result = cli.run(env, args);
      assertEquals(ExitCodes.UNREACHABLE, result.exitCode(), result.toString());
      assertEquals(1, result.err().lines().count(), result.err());
      assertTrue(result.err().contains("escarp up"), result.err());
    }
  }

  @Test
  void badArguments_exitTwo_andPointAtHelp() {
    CliHarness cli = new CliHarness(home, 1);
    for (String[] args : new String[][] {{"acquire"}, {"acquire", "--holder", "x", "--slot", "one"},
        {"acquire", "--holder", "x", "--slot", "-1"}, {"acquire", "--holder", "x", "--wait", "-3"},
        {"status", "--bogus"}, {"no-such-command"}, {"release"}, {"release", "--mine", "--slot", "1"},
        {"scale", "-2"}, {"docs", "nothing-here"}, {"launch-pool", "--cdp-base", "70000"}}) {
      CliHarness.Result result = cli.run(args);
      assertEquals(ExitCodes.USAGE, result.exitCode(), String.join(" ", args) + ": " + result);
      assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
      assertTrue(result.err().startsWith("escarp: "), result.err());
    }
  }

  @Test
  void releaseOfASlotThisCliNeverLeased_failsAndSaysWhy() {
    CliHarness cli = new CliHarness(home, 1);
    Map<String, String> env = new HashMap<>(cli.env());
    env.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + LoopbackPorts.freePort());
    CliHarness.Result result = cli.run(env, "release", "--slot", "3");
    assertEquals(ExitCodes.FAILURE, result.exitCode(), result.toString());
    assertTrue(result.err().contains("--token"), result.err());
  }

  @Test
  void help_andVersion_andDocs_exitZero() {
    CliHarness cli = new CliHarness(home, 1);
    assertEquals(0, cli.run("--help").exitCode());
    assertTrue(cli.run("--help").out().contains("acquire"));
    assertTrue(cli.run("--version").out().startsWith("escarp "));
    assertTrue(cli.run("acquire", "--help").out().contains("--hold"));
    assertTrue(cli.run("docs", "exit-codes").out().contains("130"));
    assertTrue(cli.run("generate-completion").out().contains("complete"));
  }

  @Test
  void window_onLinux_saysWhatIsUnavailable_andExitsZero_whileFocusFails() {
    CliHarness cli = new CliHarness(home, 1);
    Map<String, String> env = new HashMap<>(cli.env());
    env.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + LoopbackPorts.freePort());
    CliHarness.Result window = cli.run(env, "window", "0");
    assertEquals(0, window.exitCode(), window.toString());
    assertTrue(window.out().contains("only on macOS"), window.out());
    CliHarness.Result focus = cli.run(env, "focus", "0");
    assertEquals(ExitCodes.FAILURE, focus.exitCode(), focus.toString());
    assertTrue(focus.err().contains("only on macOS"), focus.err());
  }
}
