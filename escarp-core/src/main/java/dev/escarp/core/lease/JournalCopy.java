package dev.escarp.core.lease;

import dev.escarp.core.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * One of the journal's two copies, rewritten in place: opened (created 0600), written at offset 0,
 * closed. Never renamed over and never truncated to zero, the two patterns ext4 flushes to disk
 * on (its {@code auto_da_alloc} heuristic, 0.3 to 0.5 ms each here; BENCHMARKS.md). A shorter
 * document is padded with spaces up to the old length rather than cut, a cut costing as much
 * again; only a file grown far past its content is cut. Opened for each write, not kept open, so
 * a copy deleted or replaced meanwhile is written where a reader will look.
 */
final class JournalCopy {

  /** Padding beyond this is cut instead: a table that shrank a lot leaves no large file. */
  static final int MAX_PADDING = 16 * 1024;

  private final Path file;

  JournalCopy(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** The copy's bytes; empty when there is no such file. */
  Optional<byte[]> read() throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  void write(byte[] doc) throws IOException {
    try {
      writeInPlace(doc);
    } catch (NoSuchFileException e) {
      PrivateFiles.directories(file.toAbsolutePath().getParent());
      writeInPlace(doc);
    }
  }

  private void writeInPlace(byte[] doc) throws IOException {
    FileAttribute<?>[] attrs = file.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PrivateFiles.fileAttribute()}
        : new FileAttribute<?>[0];
    try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        attrs)) {
      long size = channel.size();
      long padding = size - doc.length;
      byte[] content = doc;
      if (padding > 0 && padding <= MAX_PADDING) {
        content = Arrays.copyOf(doc, (int) size);
        Arrays.fill(content, doc.length, content.length, (byte) ' ');
      }
      ByteBuffer buffer = ByteBuffer.wrap(content);
      long at = 0;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
      if (padding > MAX_PADDING) {
        channel.truncate(doc.length);
      }
    }
  }
}
