package dev.escarp.core.files;

import dev.escarp.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code $ESCARP_HOME/daemon.pid}: {@code "<pid> <port>"}, so clients find the port the daemon got. */
public final class DaemonPidFile {

  private final Path file;

  public DaemonPidFile(Path file) {
    this.file = file;
  }

  public void write(long pid, int port) throws IOException {
    AtomicFiles.write(file, (pid + " " + port + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Removes the file if it still names this process. */
  public void removeIfOurs(long pid) {
    read().filter(e -> e.pid() == pid).ifPresent(e -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stale pid file is harmless: clients check the pid is alive
      }
    });
  }

  /** The entry, when the process it names is still alive (a stale file is ignored). */
  public Optional<Entry> readLive() {
    return read().filter(e -> ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false));
  }

  public Optional<Entry> read() {
    try {
      String[] parts = Files.readString(file).trim().split("\\s+");
      return Optional.of(new Entry(Long.parseLong(parts[0]), Integer.parseInt(parts[1])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public record Entry(long pid, int port) {}
}
