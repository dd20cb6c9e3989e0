package dev.escarp.core.lock;

import java.io.IOException;
import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The few POSIX calls escarp's slot locks need, through jnr-posix. {@code flock(2)} locks belong
 * to the open file description, die with the process, and interoperate with {@code flock(1)};
 * Java's {@code FileChannel.lock} takes POSIX record locks, which do none of that.
 */
final class NativeLocks {

  // jnr-posix has no LOCK_* constants; these are the values on Linux and macOS.
  private static final int LOCK_EX = 2;
  private static final int LOCK_NB = 4;
  private static final int LOCK_UN = 8;

  private final POSIX posix;
  private final int openFlags;

  NativeLocks() {
    this.posix = POSIXFactory.getNativePOSIX();
    this.openFlags = OpenFlags.O_RDWR.intValue() | OpenFlags.O_CREAT.intValue() | OpenFlags.O_CLOEXEC.intValue();
  }

  int open(Path path) throws IOException {
    int fd = posix.open(path.toString(), openFlags, 0600);
    if (fd < 0) {
      throw new IOException("cannot open lock file " + path + ": " + errnoText());
    }
    return fd;
  }

  /** Takes the exclusive lock without waiting: false when another open file description has it. */
  boolean tryLockExclusive(int fd, Path path) throws IOException {
    while (true) {
      if (posix.flock(fd, LOCK_EX | LOCK_NB) == 0) {
        return true;
      }
      int errno = posix.errno();
      if (errno == Errno.EWOULDBLOCK.intValue() || errno == Errno.EAGAIN.intValue()) {
        return false;
      }
      if (errno != Errno.EINTR.intValue()) {
        throw new IOException("flock failed on " + path + ": " + errnoText());
      }
    }
  }

  void unlock(int fd) {
    posix.flock(fd, LOCK_UN);
  }

  void close(int fd) {
    posix.close(fd);
  }

  /**
   * Replaces the file's content: writes it at offset 0, then cuts what an older, longer content
   * left after it. Not truncating to zero first matters on ext4: a file truncated to zero and
   * written again is flushed to disk on close (its {@code auto_da_alloc} heuristic), about 0.3 ms
   * per claim here. A reader in between sees the new record with an old tail, which parses as no
   * record, as an empty file did before.
   */
  void overwrite(int fd, byte[] content, Path path) throws IOException {
    long written = posix.pwrite(fd, content, content.length, 0L);
    if (written != content.length) {
      throw new IOException("short write to " + path + ": " + errnoText());
    }
    if (posix.ftruncate(fd, content.length) != 0) {
      throw new IOException("cannot truncate " + path + ": " + errnoText());
    }
  }

  byte[] readAll(int fd) {
    byte[] buf = new byte[4096];
    long n = posix.pread(fd, buf, buf.length, 0L);
    if (n <= 0) {
      return new byte[0];
    }
    byte[] out = new byte[(int) n];
    System.arraycopy(buf, 0, out, 0, (int) n);
    return out;
  }

  int pid() {
    return posix.getpid();
  }

  /** Whether a process with this pid exists (signal 0 probes without sending anything). */
  boolean isAlive(long pid) {
    if (pid <= 0) {
      return false;
    }
    return posix.kill(pid, 0) == 0 || posix.errno() == Errno.EPERM.intValue();
  }

  private String errnoText() {
    int errno = posix.errno();
    Errno e = Errno.valueOf(errno);
    return e == null ? "errno " + errno : e.name() + " (" + e.description() + ")";
  }
}
