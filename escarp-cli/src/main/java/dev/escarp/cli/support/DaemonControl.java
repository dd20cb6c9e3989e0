package dev.escarp.cli.support;

import dev.escarp.broker.daemon.DaemonMain;
import dev.escarp.cdp.launch.Detacher;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerLocator;
import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.files.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts the daemon in the background, finds it, and stops it: what up, daemon and scale share. */
public final class DaemonControl {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 25;

  private final CliContext context;

  public DaemonControl(CliContext context) {
    this.context = context;
  }

  /** The running daemon of this ESCARP_HOME, from its pid file, when that process lives. */
  public Optional<DaemonPidFile.Entry> running() {
    return pidFile().readLive();
  }

  /**
   * The pid that daemon.pid names when that process lives but is not this home's daemon (the
   * file is stale and the kernel gave the pid to another process): nothing signals it.
   */
  public Optional<Long> foreignPid() {
    DaemonPidFile file = pidFile();
    return file.read().filter(e -> file.check(e) == DaemonPidFile.Status.FOREIGN).map(DaemonPidFile.Entry::pid);
  }

  /** A client for this home's daemon when one answers. */
  public Optional<BrokerClient> serving() {
    BrokerClient client = context.broker();
    return client.isServing() ? Optional.of(client) : Optional.empty();
  }

  public Path logFile() {
    return context.home().root().resolve("daemon.log");
  }

  /**
   * Starts {@code escarp daemon} detached (its own session, output in daemon.log) and waits until
   * it serves. Returns the pid.
   */
  public long startInBackground() {
    Path log = logFile();
    // The daemon's own main, not `escarp daemon`: the checks are done, and the command-line
    // parser would cost the daemon's start about 150 ms and its memory a megabyte or two.
    List<String> java = new ArrayList<>(context.java().command(DaemonMain.class.getName(), List.of()));
    // Names the home on the daemon's command line, so `daemon stop` can tell it from a stranger.
    java.add(java.indexOf(DaemonMain.class.getName()),
        "-D" + DaemonPidFile.HOME_PROPERTY + "=" + context.home().root());
    List<String> command = new Detacher(context.host()).command(Path.of(java.get(0)), java.subList(1, java.size()));
    Process process;
    long logStart;
    try {
      PrivateFiles.privateHome(context.home().root());
      PrivateFiles.file(log);
      logStart = Files.exists(log) ? Files.size(log) : 0;
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(context.env());
      process = builder.start();
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILURE, "cannot start the daemon: " + e.getMessage());
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<DaemonPidFile.Entry> entry = pidFile().read().filter(e -> e.pid() == process.pid());
      if (entry.isPresent() && context.locator().client(BrokerLocator.loopback(entry.get().port())).isServing()) {
        return process.pid();
      }
      if (!process.isAlive()) {
        throw new CliException(ExitCodes.FAILURE, "the daemon exited at start (status "
            + process.exitValue() + "): " + logTail(log, logStart));
      }
      sleep();
    }
    process.destroy();
    throw new CliException(ExitCodes.FAILURE, "the daemon did not serve within "
        + START_TIMEOUT.toSeconds() + " s; see " + log);
  }

  /**
   * SIGTERM, then SIGKILL after {@code grace}. The daemon keeps its journal and leaves browsers
   * running either way. Returns false when no daemon of this home runs: a pid file naming another
   * process (or a zombie) is not acted on.
   */
  public boolean stop(Duration grace) {
    Optional<DaemonPidFile.Entry> entry = running();
    if (entry.isEmpty()) {
      return false;
    }
    ProcessHandle handle = ProcessHandle.of(entry.get().pid()).orElseThrow();
    handle.destroy();
    if (!awaitExit(handle, grace)) {
      context.err().println("escarp: the daemon did not stop within " + grace.toSeconds()
          + " s; killing it (pid " + handle.pid() + ")");
      handle.destroyForcibly();
      awaitExit(handle, Duration.ofSeconds(5));
    }
    return true;
  }

  private DaemonPidFile pidFile() {
    return new DaemonPidFile(context.home().daemonPidFile());
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (handle.isAlive() && System.nanoTime() < deadline) {
      sleep();
    }
    return !handle.isAlive();
  }

  private static String logTail(Path log, long from) {
    try {
      byte[] all = Files.readAllBytes(log);
      String text = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
          StandardCharsets.UTF_8).trim();
      String[] lines = text.split("\n");
      return lines.length == 0 || text.isEmpty() ? "(no output)" : lines[lines.length - 1];
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
    }
  }
}
