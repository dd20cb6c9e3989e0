package dev.escarp.cli.testing;

import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.EscarpBrowser;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.cli.EscarpMain;
import dev.escarp.cli.JavaLauncher;
import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.config.EscarpHome;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs escarp commands against a private ESCARP_HOME with free ports (never ~/.escarp, 7878 or
 * 9222): in-process for speed, or as a real process where signals matter. {@link #close()} ends
 * the daemon and every browser of the home, by pid.
 */
public final class CliHarness implements AutoCloseable {

  private final EscarpHome home;
  private final Map<String, String> env;
  private final List<Process> spawned = new ArrayList<>();

  public CliHarness(Path homeDir, int cdpSlots) {
    this.home = new EscarpHome(homeDir);
    Map<String, String> e = new HashMap<>(TestPool.testHost().env());
    e.keySet().removeIf(k -> k.startsWith("ESCARP_"));
    e.put("ESCARP_HOME", homeDir.toString());
    e.put("ESCARP_API_PORT", Integer.toString(LoopbackPorts.freePort()));
    e.put("ESCARP_CDP_BASE", Integer.toString(LoopbackPorts.freeRange(cdpSlots)));
    this.env = e;
  }

  public EscarpHome home() {
    return home;
  }

  public Map<String, String> env() {
    return env;
  }

  public int cdpBase() {
    return Integer.parseInt(env.get("ESCARP_CDP_BASE"));
  }

  /** One command, in this JVM. */
  public Result run(String... args) {
    return run(env, args);
  }

  public Result run(Map<String, String> withEnv, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = EscarpMain.run(args, withEnv, new PrintWriter(out, true), new PrintWriter(err, true), java());
    return new Result(code, out.toString(), err.toString());
  }

  /** One command as its own process (stdout and stderr to files beside the home). */
  public Process spawn(String... args) throws IOException {
    List<String> command = java().command("dev.escarp.cli.EscarpMain", List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(home.root().resolve("spawn-" + spawned.size() + ".out").toFile())
        .redirectError(home.root().resolve("spawn-" + spawned.size() + ".err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    spawned.add(process);
    return process;
  }

  public int spawnedCount() {
    return spawned.size();
  }

  public Path spawnedOutput(int index) {
    return home.root().resolve("spawn-" + index + ".out");
  }

  /** The test JVM's java and class path, so spawned commands and the daemon run this build. */
  public static JavaLauncher java() {
    return new JavaLauncher(JavaLauncher.current().javaBinary(), System.getProperty("java.class.path"),
        JavaLauncher.current().jvmFlags());
  }

  @Override
  public void close() {
    spawned.forEach(Process::destroyForcibly);
    new DaemonPidFile(home.daemonPidFile()).read()
        .flatMap(e -> ProcessHandle.of(e.pid())).ifPresent(ProcessHandle::destroyForcibly);
    BrowserProcesses processes = new BrowserProcesses(home, TestPool.testHost());
    for (EscarpBrowser browser : processes.scan()) {
      ProcessHandle.of(browser.pid()).ifPresent(ProcessHandle::destroyForcibly);
      processes.processesOf(browser.profileDir())
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /** What a command did. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
