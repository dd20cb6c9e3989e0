package dev.escarp.broker.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.EscarpHome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A plain Chromium the test starts itself, as a user would start their own with {@code
 * --remote-debugging-port}: not by escarp, with a user-data-dir outside any escarp profile tree,
 * on a free port. escarp may lease it as a {@code remote} slot; only the test ends it, by pid
 * ({@link #kill()}, {@link #close()}), and may start it again on the same port and directory.
 */
public final class RemoteChromium implements AutoCloseable {

  private final Path binary;
  private final Path userDataDir;
  private final int port;
  private final VersionProbe probe = VersionProbe.create(Duration.ofMillis(500));
  private Process process;

  private RemoteChromium(Path binary, Path userDataDir, int port) {
    this.binary = binary;
    this.userDataDir = userDataDir;
    this.port = port;
  }

  /** Starts one in {@code dir} on a free port and waits until it answers; a missing browser fails. */
  public static RemoteChromium start(Path dir) {
    Path binary = new BinaryLocator(TestPool.testHost(), new EscarpHome(dir.resolve("no-escarp-home")), Optional.empty())
        .locate().binary().orElseGet(() -> fail("no Chromium to start a remote browser with"));
    RemoteChromium chromium = new RemoteChromium(binary, dir.resolve("user-data"), LoopbackPorts.freePort());
    chromium.startAgain();
    return chromium;
  }

  /** Starts it (again) on the same port and user-data-dir, and waits until it answers. */
  public synchronized RemoteChromium startAgain() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running as pid " + process.pid());
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--remote-debugging-port=" + port,
        "--user-data-dir=" + userDataDir, "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-default-browser-check"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--no-sandbox");
    }
    command.add("about:blank");
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return fail("could not start " + binary + ": " + e);
    }
    await().atMost(Duration.ofSeconds(20)).until(this::answers);
    return this;
  }

  public boolean answers() {
    return probe.probe(port) instanceof ProbeResult.Found;
  }

  public int port() {
    return port;
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Its browser-target WebSocket URL, as {@code /json/version} gives it. */
  public String webSocketUrl() {
    return probe.probe(port).version().orElseThrow().webSocketDebuggerUrl().toString();
  }

  /** The process the test started last. */
  public synchronized ProcessHandle process() {
    return process.toHandle();
  }

  /** SIGKILLs it (and its helpers, by pid) and waits until it is gone. */
  public synchronized void kill() {
    ProcessHandle main = process.toHandle();
    List<ProcessHandle> helpers = main.descendants().toList();
    main.destroyForcibly();
    helpers.forEach(ProcessHandle::destroyForcibly);
    await().atMost(Duration.ofSeconds(10)).until(() -> !main.isAlive() && !answers());
  }

  @Override
  public synchronized void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
