package dev.escarp.core.lock;

import dev.escarp.core.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
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

  /** The most a record read reads: a longer file holds no record of escarp's. */
  static final int MAX_RECORD = 4096;

  /**
   * A kept lock file: the jnr descriptor that holds the flock, and a Java channel on the same
   * file for the record (positional reads and writes, no jnr call: jnr runs without generated
   * stubs here, about 25 µs a call paced). Closing either never drops the flock of the other's
   * open file description; both close together. Guarded by itself.
   */
  static final class Kept {
    final Path path;
    final int fd;
    final FileChannel record;
    final Object fileKey;
    boolean claimed;
    boolean closed;
    /** How long the file is, as far as this process knows: records are padded to it, never cut. */
    int length;

    Kept(Path path, int fd, FileChannel record, Object fileKey) {
      this.path = path;
      this.fd = fd;
      this.record = record;
      this.fileKey = fileKey;
    }

    /** The file's content, up to {@value #MAX_RECORD} bytes; sets {@link #length}. Lock held. */
    byte[] readRecord() throws IOException {
      ByteBuffer buf = ByteBuffer.allocate(MAX_RECORD);
      long at = 0;
      int n;
      while (buf.hasRemaining() && (n = record.read(buf, at)) > 0) {
        at += n;
      }
      length = buf.position();
      return Arrays.copyOf(buf.array(), buf.position());
    }

    /**
     * Replaces the record: written at offset 0, padded with spaces up to the file's length (what
     * an older, longer record left is blanked, not cut: JSON allows trailing spaces), and the
     * file is cut only when {@code cut} (it held more than a record). Neither truncating to zero
     * nor cutting each time: on ext4 a file truncated to zero and written again is flushed to
     * disk on close (its {@code auto_da_alloc} heuristic), about 0.3 ms per claim here, and a cut
     * costs a system call more. A reader in between sees the new record with an old tail, which
     * parses as no record, as an empty file did before.
     */
    synchronized void writeRecord(byte[] content, boolean cut) throws IOException {
      byte[] padded = content;
      if (!cut && length > content.length) {
        padded = Arrays.copyOf(content, length);
        Arrays.fill(padded, content.length, length, (byte) ' ');
      }
      ByteBuffer buf = ByteBuffer.wrap(padded);
      long at = 0;
      while (buf.hasRemaining()) {
        at += record.write(buf, at);
      }
      if (cut) {
        record.truncate(padded.length);
      }
      length = padded.length;
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
          close(fresh);
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
        close(kept);
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
    FileChannel record = null;
    try {
      record = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Object key = fileKey(path).orElseThrow(() -> new NoSuchFileException(path.toString(), null,
          "removed as it was opened"));
      return new Kept(path, fd, record, key);
    } catch (IOException | RuntimeException e) {
      locks.close(fd);
      if (record != null) {
        record.close();
      }
      throw e;
    }
  }

  private void close(Kept kept) {
    locks.close(kept.fd);
    try {
      kept.record.close();
    } catch (IOException e) {
      // closing a file opened for a record: nothing was buffered
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
