package dev.escarp.core.files;

import dev.escarp.core.lock.SlotAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * Mutual exclusion for a short read-modify-write of some file, by an exclusive lock on a side
 * file beside it: one holder at a time across processes and across this JVM's threads. Waits
 * for the lock. Not for slots: those need {@code flock(2)}'s semantics ({@link SlotAllocator}).
 */
public final class SideFileLock {

  private static final long RETRY_MS = 5;

  /** The work done while holding the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  private SideFileLock() {}

  /** Runs {@code work} holding the lock on {@code lockFile} (created, with its folder, if missing). */
  public static <T> T holding(Path lockFile, Work<T> work) throws IOException {
    Path parent = lockFile.toAbsolutePath().getParent();
    if (parent != null) {
      PrivateFiles.directories(parent);
    }
    try (FileChannel channel = FileChannel.open(lockFile,
             EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PrivateFiles.fileAttribute());
         FileLock ignored = lock(channel, lockFile)) {
      return work.run();
    }
  }

  /** Another process's lock blocks; one of this JVM's is reported at once, so wait for it here. */
  private static FileLock lock(FileChannel channel, Path lockFile) throws IOException {
    while (true) {
      try {
        return channel.lock();
      } catch (OverlappingFileLockException heldInThisJvm) {
        try {
          Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for " + lockFile, e);
        }
      }
    }
  }
}
