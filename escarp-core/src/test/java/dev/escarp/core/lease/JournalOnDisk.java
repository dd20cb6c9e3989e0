package dev.escarp.core.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one place tests look into a lease journal's files: which copy is the newest, what it holds,
 * and making every copy unwritable for real (a non-empty directory where a copy must be opened:
 * fails even for root, who ignores file modes).
 */
final class JournalOnDisk {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalOnDisk() {}

  /** The copy with the highest sequence number among those that parse. */
  static Path newest(Path journal) throws IOException {
    return copiesBySeq(journal).get(0);
  }

  /** The other copy: the one the next write reuses. */
  static Path older(Path journal) throws IOException {
    List<Path> bySeq = copiesBySeq(journal);
    if (bySeq.size() < 2) {
      throw new IllegalStateException("only one copy of " + journal + " was written");
    }
    return bySeq.get(1);
  }

  /** The newest copy's document. */
  static JsonNode read(Path journal) throws IOException {
    return JSON.readTree(newest(journal).toFile());
  }

  static void block(Path journal) throws IOException {
    for (Path copy : JournalFiles.copies(journal)) {
      Files.deleteIfExists(copy);
      Files.createDirectories(copy.resolve("in-the-way"));
    }
  }

  static void unblock(Path journal) throws IOException {
    for (Path copy : JournalFiles.copies(journal)) {
      Files.delete(copy.resolve("in-the-way"));
      Files.delete(copy);
    }
  }

  private static List<Path> copiesBySeq(Path journal) throws IOException {
    List<Path> found = JournalFiles.copies(journal).stream().filter(Files::isRegularFile)
        .filter(p -> seq(p).isPresent())
        .sorted(Comparator.comparingLong((Path p) -> seq(p).orElseThrow()).reversed()).toList();
    if (found.isEmpty()) {
      throw new IOException("no readable copy of " + journal);
    }
    return found;
  }

  private static Optional<Long> seq(Path copy) {
    try {
      return Optional.of(JSON.readTree(copy.toFile()).get("seq").asLong());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
