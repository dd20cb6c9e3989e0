package dev.escarp.core.lease;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The lease table on disk: every active lease with its token and wall-clock times. Two copies
 * ({@link JournalFiles}) are written in place alternately, each with a sequence number and a
 * checksum ({@link JournalCodec}); the newest whole copy is read at start. A write cut short (the
 * daemon killed mid-write) damages only the copy being written, never the other, which holds every
 * change acknowledged before. No rename and no fsync: a crash of the host may lose the last
 * change, a crash of the daemon never; BENCHMARKS.md has why the rename went. Mode 0600. A format 1
 * journal (one file, renamed over) is read when no newer copy exists, and removed after the first
 * write. Not thread-safe: the journal writer serialises {@link #save}.
 */
final class LeaseJournal {

  record Entry(int slot, String holder, String token, OptionalInt devPort,
      long acquiredAtMillis, long expiresAtMillis, long lastHeartbeatMillis, Optional<LeaseIdentity> identity,
      Optional<String> leaseId) {}

  private final Path file;
  private final JournalCopy[] copies;
  /** The copy the next save writes: never the one holding the newest saved table. */
  private int next;
  private long seq;
  /** A format 1 journal read at start, removed once a copy holds the table. */
  private boolean legacyPresent;

  LeaseJournal(Path file) {
    this.file = file;
    List<Path> paths = JournalFiles.copies(file);
    this.copies = new JournalCopy[] {new JournalCopy(paths.get(0)), new JournalCopy(paths.get(1))};
  }

  Path file() {
    return file;
  }

  /**
   * The saved leases, from the copy with the highest sequence number: one whose checksum holds,
   * or one that fails it but still parses whole (edited after it was written: a write cut short
   * never parses), read entry by entry. A damaged copy is reported and kept aside ({@code
   * .corrupt}) as the next write reuses it. A damaged entry costs that entry only. Never fatal:
   * at worst the table starts with no leases.
   */
  List<Entry> load(Consumer<String> problems) {
    Copy best = null;
    List<Copy> damaged = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < 2; i++) {
      Copy copy = readCopy(i, problems);
      any |= copy.present;
      if (copy.damage != null) {
        damaged.add(copy);
      }
      if (copy.leases != null && (best == null || copy.seq > best.seq || (copy.seq == best.seq && copy.damage == null))) {
        best = copy;
      }
    }
    if (Files.exists(file) && legacyIsNewer(best)) {
      legacyPresent = true;
      next = 0;
      seq = best == null ? 0 : best.seq;
      return LegacyJournal.load(file, problems);
    }
    for (Copy d : damaged) {
      Path aside = keepAside(d.index, problems);
      problems.accept("lease journal copy " + copies[d.index].file() + " is damaged: " + d.damage
          + "; it is kept in " + aside + (best == null ? "" : best == d ? " and read entry by entry"
          : " and the leases come from " + copies[best.index].file()));
    }
    if (best == null) {
      if (any) {
        problems.accept("no copy of lease journal " + file + " can be read; starting with no leases");
      }
      next = 0;
      seq = 0;
      return List.of();
    }
    next = 1 - best.index;
    seq = best.seq;
    Path from = copies[best.index].file();
    return JournalCodec.entries(best.leases, why -> problems.accept("dropping a damaged entry of lease journal "
        + from + " " + why));
  }

  /** One copy as found: whole, damaged but parseable (leases set), damaged beyond use, or absent. */
  private static final class Copy {
    int index;
    boolean present;
    long seq = -1;
    JsonNode leases;
    String damage;
  }

  private Copy readCopy(int i, Consumer<String> problems) {
    Copy copy = new Copy();
    copy.index = i;
    byte[] bytes;
    try {
      bytes = copies[i].read().orElse(null);
    } catch (IOException e) {
      problems.accept("cannot read lease journal copy " + copies[i].file() + ": " + e.getMessage());
      return copy;
    }
    if (bytes == null) {
      return copy;
    }
    copy.present = true;
    JournalCodec.Read read = JournalCodec.read(bytes);
    if (read instanceof JournalCodec.Read.Valid v) {
      copy.seq = v.seq();
      copy.leases = v.leases();
      return copy;
    }
    copy.damage = ((JournalCodec.Read.Damaged) read).why();
    try {
      JsonNode root = JsonTrees.parse(bytes);
      JsonNode leases = root.get("leases");
      if (leases != null && leases.isArray() && root.path("seq").isIntegralNumber()) {
        copy.seq = root.get("seq").asLong();
        copy.leases = leases;
      }
    } catch (IOException | RuntimeException e) {
      // cut short or overwritten: nothing of it is used
    }
    return copy;
  }

  /** Saves the table into the older copy, which becomes the newest once the write returned. */
  void save(List<Entry> entries) throws IOException {
    copies[next].write(JournalCodec.render(entries, seq + 1));
    seq++;
    next = 1 - next;
    if (legacyPresent) {
      legacyPresent = false;
      Files.deleteIfExists(file); // the copies hold the table now; an old file must not come back
    }
  }

  /** Format 1 is read when it is the newer: a journal written by an older escarp after this one. */
  private boolean legacyIsNewer(Copy best) {
    if (best == null) {
      return true;
    }
    try {
      FileTime legacy = Files.getLastModifiedTime(file);
      return legacy.compareTo(Files.getLastModifiedTime(copies[best.index].file())) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private Path keepAside(int i, Consumer<String> problems) {
    Path aside = copies[i].file().resolveSibling(copies[i].file().getFileName() + ".corrupt");
    try {
      Files.copy(copies[i].file(), aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      // gone meanwhile: nothing to keep
    } catch (IOException e) {
      problems.accept("cannot copy the damaged lease journal copy " + copies[i].file() + " to " + aside + ": "
          + e.getMessage());
    }
    return aside;
  }

  /** Format 1: one JSON file, {@code {"format":1,"leases":[...]}}, replaced by rename. */
  private static final class LegacyJournal {

    static List<Entry> load(Path file, Consumer<String> problems) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        return List.of();
      } catch (IOException e) {
        problems.accept("cannot read lease journal " + file + ": " + e.getMessage());
        return List.of();
      }
      Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
      JsonNode leases;
      try {
        leases = JsonTrees.parse(bytes).get("leases");
        if (leases == null || !leases.isArray()) {
          throw new IllegalArgumentException("no leases array");
        }
      } catch (IOException | RuntimeException e) {
        try {
          Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
          // reported below either way
        }
        problems.accept("lease journal " + file + " is not a lease journal (" + e.getMessage() + "; moved to "
            + aside + "); starting with no leases");
        return List.of();
      }
      List<String> damaged = new ArrayList<>();
      List<Entry> entries = JournalCodec.entries(leases, why -> damaged.add(
          "dropping a damaged entry of lease journal " + file + " " + why));
      if (!damaged.isEmpty()) {
        try {
          Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          problems.accept("cannot copy the damaged lease journal " + file + " to " + aside + ": " + e.getMessage());
        }
        damaged.forEach(d -> problems.accept(d + " (the journal as read is kept in " + aside + ")"));
      }
      return entries;
    }
  }
}
