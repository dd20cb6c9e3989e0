package dev.escarp.core.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads Linux's {@code /proc/locks} to learn whether a file is flock'ed, and by which pid, without
 * touching the lock (a probing {@code LOCK_NB} attempt could make a real claimant fail).
 */
final class ProcLocks {

  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  private ProcLocks() {}

  static boolean available() {
    return Files.isReadable(PROC_LOCKS);
  }

  /**
   * The pid holding a FLOCK on this file; empty when none does. Empty too when the file's
   * identity cannot be read.
   */
  static OptionalLong holderPid(Path file) {
    Optional<String> id = fileId(file);
    if (id.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(PROC_LOCKS)) {
        // "1: FLOCK  ADVISORY  WRITE 4726 fe:00:2146451 0 EOF"; waiters appear as "1: -> FLOCK ..."
        String[] f = line.trim().split("\\s+");
        if (f.length >= 6 && f[1].equals("FLOCK") && f[3].equals("WRITE") && f[5].equals(id.get())) {
          return OptionalLong.of(Long.parseLong(f[4]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private static Optional<String> fileId(Path file) {
    try {
      long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
      long ino = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
      // glibc's encoding of dev_t
      long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & 0xfffff000L);
      long minor = (dev & 0xffL) | ((dev >>> 12) & 0xffffff00L);
      return Optional.of(String.format("%02x:%02x:%d", major, minor, ino));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
