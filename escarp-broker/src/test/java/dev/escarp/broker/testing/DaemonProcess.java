package dev.escarp.broker.testing;

import dev.escarp.broker.daemon.DaemonMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The daemon as a real child process ({@code DaemonMain}), for tests that SIGKILL it. The caller
 * ends it by pid ({@link #kill}); the browsers it serves are the caller's, and outlive it.
 */
public final class DaemonProcess implements AutoCloseable {

  private final Process process;

  private DaemonProcess(Process process) {
    this.process = process;
  }

  /** Starts the daemon with exactly {@code env} and waits until it serves. */
  public static DaemonProcess start(Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), DaemonMain.class.getName());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process p = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains("escarp daemon serving on")) {
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(Writer.nullWriter());
          } catch (IOException ignored) {
            // the daemon went away
          }
        });
        drain.setDaemon(true);
        drain.start();
        return new DaemonProcess(p);
      }
    }
    throw new AssertionError("daemon exited before serving:\n" + seen);
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, then wait until it is gone (and its port and flocks with it). */
  public void kill() {
    process.destroyForcibly();
    process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    kill();
  }
}
