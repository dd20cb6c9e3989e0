package dev.escarp.cdp.launch;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-ins for browsers in the process table: {@code sh -c <script>} with Chromium's arguments
 * after it, so the command line carries the profile-dir signature. {@link #close()} kills them
 * (and their children) by pid.
 */
final class FakeBrowsers implements AutoCloseable {

  private final List<Process> started = new ArrayList<>();

  /** A process whose command line is {@code sh -c <script> fake-chrome <args...>}. */
  Process start(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", script, "fake-chrome"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(process);
    awaitCommandLine(process);
    return process;
  }

  /** A fake browser for a profile dir; {@code ; true} keeps sh from exec-ing sleep and losing the arguments. */
  Process browser(Path profileDir, int port, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--remote-debugging-port=" + port, "--user-data-dir=" + profileDir));
    args.addAll(List.of(more));
    return start("sleep 60; true", args.toArray(String[]::new));
  }

  private static void awaitCommandLine(Process process) {
    ProcessTable table = new ProcessTable(Host.current().os());
    await("fake browser " + process.pid() + " showing up in the process table with its child")
        .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
        .until(() -> table.list().stream()
            .anyMatch(e -> e.pid() == process.pid() && e.command().contains("fake-chrome"))
            && process.descendants().findAny().isPresent());
  }

  @Override
  public void close() {
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
