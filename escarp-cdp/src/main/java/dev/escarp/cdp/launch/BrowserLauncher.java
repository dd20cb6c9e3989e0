package dev.escarp.cdp.launch;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.core.files.PrivateFiles;
import dev.escarp.core.slot.Slot;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Launches slot browsers detached: each in its own session (see {@link Detacher}) with stdio in
 * {@code <profile dir>/escarp-launch.log}, so it outlives the JVM that launched it. A launch waits
 * until {@code /json/version} answers; if it never does, whatever was started is ended again.
 * Idempotent: a slot whose port already answers is skipped.
 *
 * <p>Blocks (up to the ready timeout); call it from a worker thread.
 */
public final class BrowserLauncher {

  static final String LOG_FILE = "escarp-launch.log";

  private static final long POLL_MILLIS = 10;
  private static final int LOG_TAIL_LINES = 5;

  private final BinaryLocator locator;
  private final VersionProbe probe;
  private final BrowserProcesses processes;
  private final Host host;
  private final LaunchOptions options;

  public BrowserLauncher(
      BinaryLocator locator, VersionProbe probe, BrowserProcesses processes, Host host, LaunchOptions options) {
    this.locator = Objects.requireNonNull(locator, "locator");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.host = Objects.requireNonNull(host, "host");
    this.options = Objects.requireNonNull(options, "options");
  }

  public LaunchResult launch(Slot slot) {
    return launchAll(List.of(slot)).get(0);
  }

  /**
   * Starts the slot's browser again with exactly {@code commandLine} (executable first): the one a
   * browser that died ran, so its extra flags, its display mode and its executable (a per-slot app
   * bundle, say) come back with it; only {@code ESCARP_CHROME}, when set, replaces the executable. The command line must be this slot's (its port and profile),
   * else it is refused. Detached, logged and awaited like {@link #launch(Slot)}.
   */
  public LaunchResult relaunch(Slot slot, List<String> commandLine) {
    if (!isCommandLineOf(slot, commandLine)) {
      return new LaunchResult.Failed(slot.index(), slot.cdpPort(),
          "refusing to relaunch with a command line that is not slot " + slot.index() + "'s: " + commandLine);
    }
    Start start = start(slot, Optional.of(commandLine));
    return start instanceof Starting starting ? awaitReady(starting) : ((Settled) start).result();
  }

  /** Whether {@code commandLine} runs a browser on this slot's port and profile. */
  public static boolean isCommandLineOf(Slot slot, List<String> commandLine) {
    return commandLine.size() > 1
        && commandLine.contains(ChromiumFlags.DEBUGGING_PORT + slot.cdpPort())
        && commandLine.contains(ChromiumFlags.USER_DATA_DIR + slot.profileDir());
  }

  /**
   * Launches every slot that does not answer yet, all at once, then waits for each: a pool of n
   * costs about one cold start, not n. Results are in the order of {@code slots}.
   */
  public List<LaunchResult> launchAll(List<Slot> slots) {
    List<Start> started = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      started.add(start(slot));
    }
    List<LaunchResult> results = new ArrayList<>(slots.size());
    for (Start start : started) {
      results.add(start instanceof Starting starting ? awaitReady(starting) : ((Settled) start).result());
    }
    return results;
  }

  /** What starting a slot came to: a browser on its way up, or already a final result. */
  private sealed interface Start permits Starting, Settled {}

  private record Starting(Slot slot, Process process, Path log, long startNanos) implements Start {}

  private record Settled(LaunchResult result) implements Start {}

  private Start start(Slot slot) {
    return start(slot, Optional.empty());
  }

  private Start start(Slot slot, Optional<List<String>> exactCommand) {
    int port = slot.cdpPort();
    ProbeResult already = probe.probe(port);
    if (already instanceof ProbeResult.Found found) {
      return new Settled(new LaunchResult.Skipped(slot.index(), port, found.browser()));
    }
    // ESCARP_CHROME, set on purpose, names the binary even for a relaunch; the flags stay the dead one's
    BinaryLookup lookup = exactCommand.isPresent() && host.variable("ESCARP_CHROME").isEmpty()
        ? BinaryLookup.found(Path.of(exactCommand.get().get(0)), "the command line of the browser that died", List.of())
        : locator.locate();
    if (lookup.binary().isEmpty()) {
      return new Settled(new LaunchResult.Failed(slot.index(), port, lookup.problem()));
    }
    List<Long> holders = processes.processesOf(slot.profileDir());
    if (!holders.isEmpty()) {
      // A second Chromium on the same profile would hand its arguments to the first and exit.
      return new Settled(new LaunchResult.Failed(
          slot.index(), port,
          "a browser with profile " + slot.profileDir() + " is already running (pids " + holders
              + ") but does not answer on port " + port + "; stop the slot first"));
    }
    Path log = slot.profileDir().resolve(LOG_FILE);
    try {
      PrivateFiles.directories(slot.profileDir());
      PrivateFiles.file(log);
      List<String> flags = exactCommand.map(c -> c.subList(1, c.size()))
          .orElseGet(() -> ChromiumFlags.forSlot(slot, host, options));
      List<String> command = new Detacher(host).command(lookup.binary().get(), flags);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(slot.profileDir().toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(host.env());
      return new Starting(slot, builder.start(), log, System.nanoTime());
    } catch (IOException e) {
      return new Settled(new LaunchResult.Failed(
          slot.index(), port, "could not start " + lookup.binary().get() + " (" + lookup.source() + "): " + e.getMessage()));
    }
  }

  private LaunchResult awaitReady(Starting starting) {
    Slot slot = starting.slot();
    int port = slot.cdpPort();
    long deadline = starting.startNanos() + options.readyTimeout().toNanos();
    String lastError = "not probed yet";
    while (true) {
      ProbeResult result = probe.probe(port);
      if (result instanceof ProbeResult.Found found) {
        long pid = mainPid(slot).orElse(starting.process().pid());
        return new LaunchResult.Launched(
            slot.index(), port, pid, found.browser(), Duration.ofNanos(System.nanoTime() - starting.startNanos()));
      }
      lastError = ((ProbeResult.NothingThere) result).reason();
      Process process = starting.process();
      // Exit 0 can be a detacher that forked; anything else is the browser failing to start.
      if (!process.isAlive() && process.exitValue() != 0) {
        endWhatWasStarted(starting);
        return new LaunchResult.Failed(
            slot.index(), port,
            "browser exited with status " + process.exitValue() + " before answering on port " + port
                + logTail(starting.log()));
      }
      if (System.nanoTime() - deadline >= 0) {
        endWhatWasStarted(starting);
        return new LaunchResult.Failed(
            slot.index(), port,
            "no answer on http://127.0.0.1:" + port + "/json/version within "
                + options.readyTimeout().toMillis() + " ms (last error: " + lastError + "); stopped what was started"
                + logTail(starting.log()));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        endWhatWasStarted(starting);
        return new LaunchResult.Failed(slot.index(), port, "interrupted while waiting for the browser; stopped it");
      }
    }
  }

  private Optional<Long> mainPid(Slot slot) {
    return processes.scan().stream()
        .filter(b -> b.profileDir().equals(slot.profileDir()))
        .map(EscarpBrowser::pid)
        .findFirst();
  }

  /** By signature, plus the started process and its descendants (a wrapper script's children). */
  private void endWhatWasStarted(Starting starting) {
    List<ProcessHandle> started = new ArrayList<>();
    starting.process().descendants().forEach(started::add);
    started.add(starting.process().toHandle());
    new SlotStopper(processes, Duration.ofSeconds(2)).stop(starting.slot(), false);
    started.forEach(ProcessHandle::destroyForcibly);
  }

  private static String logTail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return tail.isEmpty() ? "; log " + log + " is empty" : "; log " + log + " ends: " + String.join(" | ", tail);
    } catch (IOException e) {
      return "; no log at " + log;
    }
  }
}
