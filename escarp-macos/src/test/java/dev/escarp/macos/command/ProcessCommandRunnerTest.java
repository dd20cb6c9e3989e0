package dev.escarp.macos.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProcessCommandRunnerTest {

  private final ProcessCommandRunner runner = new ProcessCommandRunner(Map.of("PATH", "/usr/bin:/bin"));

  @Test
  void run_capturesExitCodeStdoutAndStderr() {
    CommandResult result =
        runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));

    assertEquals(3, result.exitCode());
    assertEquals("out", result.stdout());
    assertEquals("err", result.stderr());
    assertEquals("sh exited with 3: err", result.describe());
  }

  @Test
  void run_pastTheTimeout_killsTheCommandAndSaysSo() {
    long start = System.nanoTime();

    CommandResult result = runner.run(List.of("sleep", "20"), Duration.ofMillis(200));

    assertEquals(CommandResult.TIMED_OUT, result.exitCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
  }

  @Test
  void run_aProgramThatDoesNotExist_isAResultNotAnException() {
    CommandResult result = runner.run(List.of("escarp-no-such-tool"), Duration.ofSeconds(5));

    assertEquals(CommandResult.NOT_STARTED, result.exitCode());
    assertFalse(result.succeeded());
  }

  @Test
  void run_usesOnlyTheGivenEnvironment() {
    CommandResult result = runner.run(List.of("sh", "-c", "echo \"[$HOME]\""), Duration.ofSeconds(10));

    assertEquals("[]", result.stdout());
  }

  @Test
  void isInstalled_looksOnTheRunnersPath() {
    assertTrue(runner.isInstalled("sh"));
    assertFalse(runner.isInstalled("escarp-no-such-tool"));
    assertFalse(new ProcessCommandRunner(Map.of("PATH", "/nonexistent")).isInstalled("sh"));
  }
}
