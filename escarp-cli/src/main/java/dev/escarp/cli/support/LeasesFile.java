package dev.escarp.cli.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.client.LeaseRecord;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.files.PrivateFiles;
import dev.escarp.core.files.SideFileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The CLI's cache of the lease tokens it was given ({@code ESCARP_LEASES_FILE}, default
 * {@code $ESCARP_HOME/leases.json}), so a person can {@code release --mine} without handling
 * tokens. Mode 0600, written atomically: it holds secrets, and a torn write must not lose them.
 */
public final class LeasesFile {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EnumSet<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private final Path file;

  public LeasesFile(Path file) {
    this.file = file;
  }

  public static LeasesFile of(Map<String, String> env, Path defaultFile) {
    String configured = env.get("ESCARP_LEASES_FILE");
    return new LeasesFile(configured == null || configured.isBlank() ? defaultFile : Path.of(configured));
  }

  public Path file() {
    return file;
  }

  /** One cached lease. */
  public record Entry(int slot, String holder, String leaseToken, String broker, double acquiredAt) {}

  public synchronized List<Entry> entries() {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of(); // a damaged cache loses nothing the daemon does not still know
    }
    List<Entry> entries = new ArrayList<>();
    root.path("leases").forEach(n -> entries.add(new Entry(n.path("slot").asInt(-1),
        n.path("holder").asText(""), n.path("lease_token").asText(""), n.path("broker").asText(""),
        n.path("acquired_at").asDouble(0))));
    return entries;
  }

  public synchronized void add(LeaseRecord lease, String broker) {
    locked(() -> {
      List<Entry> entries = new ArrayList<>(entries());
      entries.removeIf(e -> e.slot() == lease.slot() && e.broker().equals(broker));
      entries.add(new Entry(lease.slot(), lease.holder(), lease.leaseToken(), broker,
          lease.json().path("acquired_at").asDouble(0)));
      write(entries);
    });
  }

  public synchronized void removeIf(Predicate<Entry> which) {
    locked(() -> {
      List<Entry> entries = new ArrayList<>(entries());
      if (entries.removeIf(which)) {
        write(entries);
      }
    });
  }

  /**
   * Read-modify-write under a lock on a side file, so two CLIs acquiring at once both keep their
   * entry. A short critical section in one process each: a plain file lock is enough here.
   */
  private void locked(Runnable change) {
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    try {
      SideFileLock.holding(lock, () -> {
        change.run();
        return null;
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lock + ": " + e.getMessage(), e);
    }
  }

  private void write(List<Entry> entries) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode leases = root.putArray("leases");
    for (Entry e : entries) {
      leases.addObject().put("slot", e.slot()).put("holder", e.holder())
          .put("lease_token", e.leaseToken()).put("broker", e.broker())
          .put("acquired_at", e.acquiredAt());
    }
    try {
      PrivateFiles.directories(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), OWNER_ONLY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
