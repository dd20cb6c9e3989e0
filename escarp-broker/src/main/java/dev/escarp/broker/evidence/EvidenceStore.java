package dev.escarp.broker.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.files.PrivateFiles;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Evidence on disk: {@code <dir>/<lease_id>/record.json} and {@code screenshot.png}, private to
 * the user (0700/0600), the newest {@code keep} leases kept. Blocking file I/O: never call it on
 * an event loop. Only well-formed lease ids name directories, so no path can escape {@code dir}.
 */
final class EvidenceStore {

  static final String RECORD = "record.json";
  static final String SCREENSHOT = "screenshot.png";

  private final Path dir;
  private final int keep;

  EvidenceStore(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  /** Writes one lease's evidence, then drops the oldest beyond {@code keep}. */
  synchronized void save(String leaseId, ObjectNode record, Optional<byte[]> png) throws IOException {
    Path leaseDir = PrivateFiles.directories(dir.resolve(leaseId));
    if (png.isPresent()) {
      AtomicFiles.write(leaseDir.resolve(SCREENSHOT), png.get());
    }
    AtomicFiles.write(leaseDir.resolve(RECORD), JsonTrees.bytes(record)); // last: a record names a written screenshot
    prune();
  }

  /** Every kept record, newest end first. */
  synchronized List<ObjectNode> records() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ObjectNode> records = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(dir)) {
      for (Path d : dirs.toList()) {
        read(d.getFileName().toString()).ifPresent(records::add);
      }
    }
    records.sort(Comparator.comparingDouble((ObjectNode r) -> r.path("ended_at").asDouble()).reversed());
    return records;
  }

  synchronized Optional<ObjectNode> record(String leaseId) throws IOException {
    return LeaseIds.isWellFormed(leaseId) ? read(leaseId) : Optional.empty();
  }

  synchronized Optional<byte[]> screenshot(String leaseId) throws IOException {
    if (!LeaseIds.isWellFormed(leaseId)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(dir.resolve(leaseId).resolve(SCREENSHOT)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private Optional<ObjectNode> read(String leaseId) throws IOException {
    if (!LeaseIds.isWellFormed(leaseId)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JsonTrees.parse(Files.readAllBytes(dir.resolve(leaseId).resolve(RECORD)));
      return node.isObject() ? Optional.of((ObjectNode) node) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // a damaged record is as good as none; the next prune removes it in turn
    }
  }

  /** By the record files' times, not their contents: a save reads no other lease's record. */
  private void prune() throws IOException {
    List<Path> all;
    try (Stream<Path> dirs = Files.list(dir)) {
      all = new ArrayList<>(dirs.filter(d -> Files.exists(d.resolve(RECORD))).toList());
    }
    if (all.size() <= keep) {
      return;
    }
    all.sort(Comparator.comparing(EvidenceStore::savedAt).reversed());
    for (Path old : all.subList(keep, all.size())) {
      delete(old);
    }
  }

  private static java.nio.file.attribute.FileTime savedAt(Path leaseDir) {
    try {
      return Files.getLastModifiedTime(leaseDir.resolve(RECORD));
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0); // gone meanwhile: first to go
    }
  }

  private static void delete(Path leaseDir) throws IOException {
    if (!Files.exists(leaseDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(leaseDir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
