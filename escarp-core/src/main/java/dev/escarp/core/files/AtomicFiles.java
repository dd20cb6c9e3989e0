package dev.escarp.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
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

  private static final long PID = ProcessHandle.current().pid();

  /**
   * As {@link #write(Path, byte[])}, for a file one writer rewrites often (the lease journal, on
   * every acquire and release): the temp file has a fixed name beside the target ({@code
   * .<name>.<pid>.tmp}), is created 0600 by the open itself and reused, and the folder is created
   * only when it is missing. Four system calls (open, write, close, rename) where {@link #write}
   * makes about ten; BENCHMARKS.md has the figures. The caller must be its process's only writer
   * of the file; the pid keeps two processes (two daemons on one home) off each other's temp file.
   */
  public static void replace(Path target, byte[] content) throws IOException {
    replace(target, content, Long.toString(PID));
  }

  /**
   * As {@link #replace(Path, byte[])}, with a temp file of this writer's own ({@code
   * .<name>.<writer>.tmp}): for two writers of one file in one process, such as two lease tables
   * on one home.
   */
  public static void replace(Path target, byte[] content, String writer) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + "." + writer + ".tmp");
    try {
      writeFully(temp, content);
    } catch (NoSuchFileException e) {
      PrivateFiles.directories(target.toAbsolutePath().getParent());
      writeFully(temp, content);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private static void writeFully(Path file, byte[] content) throws IOException {
    FileAttribute<?>[] attrs = file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PrivateFiles.fileAttribute()}
        : new FileAttribute<?>[0];
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING), attrs)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }
}
