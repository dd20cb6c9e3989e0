package dev.escarp.core.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Whole-file writes that a reader, or a crash, never sees half done: write a temp file beside the
 * target, then rename it over the target. Not part of escarp's API.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    write(target, content, Set.of());
  }

  /** As {@link #write(Path, byte[])}, with the file's permissions set before it becomes visible. */
  public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    PrivateFiles.directories(dir);
    // A temp file is created 0600, so what becomes visible is private unless asked otherwise.
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      if (!permissions.isEmpty()) {
        try {
          Files.setPosixFilePermissions(temp, permissions);
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: nothing to restrict
        }
      }
      Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
