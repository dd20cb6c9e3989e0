package dev.escarp.core.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code $ESCARP_HOME/daemon.pid}: {@code "<pid> <port> <start>"}, so clients find the port the
 * daemon got. {@code <start>} is the daemon process's start time (epoch ms): a pid the kernel has
 * since given to another process is not mistaken for the daemon. Nothing is signalled on the
 * file's word alone: {@link #check} says whether the pid is this home's daemon.
 */
public final class DaemonPidFile {

  /** The daemon's main class, and the system property naming its home on its command line. */
  public static final String DAEMON_MAIN = "dev.escarp.broker.daemon.DaemonMain";
  public static final String HOME_PROPERTY = "escarp.home";

  /** Start times read twice may differ by the clock tick they were rounded to. */
  private static final long START_SLACK_MS = 1000;

  private final Path file;

  public DaemonPidFile(Path file) {
    this.file = file;
  }

  /** Records this pid, its port, and the process's start time when the pid is alive. */
  public void write(long pid, int port) throws IOException {
    String start = ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
        .map(i -> " " + i.toEpochMilli()).orElse("");
    AtomicFiles.write(file, (pid + " " + port + start + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Removes the file if it still names this process. */
  public void removeIfOurs(long pid) {
    read().filter(e -> e.pid() == pid).ifPresent(e -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stale pid file is harmless: clients check the pid is this home's daemon
      }
    });
  }

  /** The entry, when the process it names is this home's daemon and alive (not a zombie). */
  public Optional<Entry> readLive() {
    return read().filter(e -> check(e) == Status.DAEMON);
  }

  public Optional<Entry> read() {
    try {
      String[] parts = Files.readString(file).trim().split("\\s+");
      OptionalLong start = parts.length > 2 ? OptionalLong.of(Long.parseLong(parts[2])) : OptionalLong.empty();
      return Optional.of(new Entry(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), start));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** What the pid named by an entry is now. */
  public enum Status {
    /** This home's daemon, alive. */
    DAEMON,
    /** No such process, or a zombie (it has exited; only its parent has yet to reap it). */
    GONE,
    /** A live process that is not this home's daemon: the pid file is stale and the pid reused. */
    FOREIGN
  }

  /**
   * Whether this entry's pid is this home's daemon: its start time matches the recorded one, or
   * (a file without one) its command line runs {@value #DAEMON_MAIN} for this home.
   */
  public Status check(Entry entry) {
    Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid());
    if (handle.isEmpty() || !handle.get().isAlive() || ProcStat.isZombie(entry.pid())) {
      return Status.GONE;
    }
    ProcessHandle.Info info = handle.get().info();
    Optional<Instant> started = info.startInstant();
    if (entry.startEpochMillis().isPresent() && started.isPresent()) {
      long diff = Math.abs(started.get().toEpochMilli() - entry.startEpochMillis().getAsLong());
      return diff <= START_SLACK_MS ? Status.DAEMON : Status.FOREIGN;
    }
    return runsThisHomesDaemon(entry.pid(), info) ? Status.DAEMON : Status.FOREIGN;
  }

  private boolean runsThisHomesDaemon(long pid, ProcessHandle.Info info) {
    List<String> args = ProcStat.commandLine(pid).orElseGet(() -> info.commandLine()
        .map(c -> List.of(c.split(" "))).orElse(List.of()));
    if (!args.contains(DAEMON_MAIN)) {
      return false;
    }
    Path home = file.toAbsolutePath().getParent();
    String property = "-D" + HOME_PROPERTY + "=";
    for (String arg : args) {
      if (arg.startsWith(property)) {
        return Path.of(arg.substring(property.length())).toAbsolutePath().normalize().equals(home);
      }
    }
    // A daemon started without the property: its environment names its home.
    return ProcStat.environmentValue(pid, "ESCARP_HOME")
        .map(h -> Path.of(h).toAbsolutePath().normalize().equals(home))
        .orElse(false);
  }

  /** One line of the pid file; {@code startEpochMillis} is absent in files written before it was recorded. */
  public record Entry(long pid, int port, OptionalLong startEpochMillis) {
    public Entry(long pid, int port) {
      this(pid, port, OptionalLong.empty());
    }
  }
}
