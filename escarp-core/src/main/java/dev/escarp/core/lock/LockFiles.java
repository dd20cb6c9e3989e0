package dev.escarp.core.lock;

import dev.escarp.core.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One allocator's slot lock files, each opened once and kept open between claims: a claim is a
 * {@code flock} on the kept descriptor and a release is an unlock, two system calls where opening
 * and closing each time made four more (BENCHMARKS.md, issue 14). The lock still belongs to the
 * kept open file description, so the kernel decides as before: another process (another daemon,
 * escarp-junit, {@code flock(1)}) holding the file keeps this one out, and the lock dies with its
 * process. A second claim through the same descriptor would succeed silently (flock on an fd that
 * holds it is a no-op), so a file claimed through this allocator answers "held" itself.
 *
 * <p>A lock file deleted or replaced while kept open would lock an inode nobody else sees: every
 * successful lock checks that the path still names the kept file, and reopens when it does not.
 */
final class LockFiles {

  /** A kept lock file. Guarded by itself. */
  static final class Kept {
    final Path path;
    final int fd;
    final Object fileKey;
    boolean claimed;
    boolean closed;
    /** How long the file is, as far as this process knows: records are padded to it, never cut. */
    int length;

    Kept(Path path, int fd, Object fileKey) {
      this.path = path;
      this.fd = fd;
      this.fileKey = fileKey;
    }
  }

  private static final int ATTEMPTS = 3;

  private final NativeLocks locks;
  private final ConcurrentHashMap<Path, Kept> open = new ConcurrentHashMap<>();

  LockFiles(NativeLocks locks) {
    this.locks = locks;
  }

  /** The file's kept descriptor, locked exclusively and marked claimed; empty when someone holds it. */
  Optional<Kept> lock(Path path) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Kept kept = open.get(path);
      if (kept == null) {
        Kept fresh = openKept(path);
        kept = open.putIfAbsent(path, fresh);
        if (kept == null) {
          kept = fresh;
        } else {
          locks.close(fresh.fd);
        }
      }
      synchronized (kept) {
        if (kept.closed) {
          continue;
        }
        if (kept.claimed || !locks.tryLockExclusive(kept.fd, path)) {
          return Optional.empty();
        }
        if (kept.fileKey.equals(fileKey(path).orElse(null))) {
          kept.claimed = true;
          return Optional.of(kept);
        }
        // Deleted or replaced since it was opened: this lock would exclude nobody. Reopen.
        locks.unlock(kept.fd);
        locks.close(kept.fd);
        kept.closed = true;
        open.remove(path, kept);
      }
    }
    return Optional.empty();
  }

  /** Unlocks a claimed file; it stays open for the next claim. */
  void unlock(Kept kept) {
    synchronized (kept) {
      if (!kept.claimed) {
        return;
      }
      locks.unlock(kept.fd);
      kept.claimed = false;
    }
  }

  private Kept openKept(Path path) throws IOException {
    if (!Files.isDirectory(path.getParent())) {
      PrivateFiles.directories(path.getParent());
    }
    int fd = locks.open(path);
    try {
      Object key = fileKey(path).orElseThrow(() -> new NoSuchFileException(path.toString(), null,
          "removed as it was opened"));
      return new Kept(path, fd, key);
    } catch (IOException | RuntimeException e) {
      locks.close(fd);
      throw e;
    }
  }

  private static Optional<Object> fileKey(Path path) throws IOException {
    try {
      return Optional.ofNullable(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
