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
  private final int pid;

  NativeLocks() {
    this.posix = POSIXFactory.getNativePOSIX();
    this.openFlags = OpenFlags.O_RDWR.intValue() | OpenFlags.O_CREAT.intValue() | OpenFlags.O_CLOEXEC.intValue();
    this.pid = posix.getpid();
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

  /** This process's pid, asked once: a JVM does not fork, and each jnr call costs (27 µs paced here). */
  int pid() {
    return pid;
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
