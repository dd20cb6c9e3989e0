package dev.escarp.core.lease;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a lease journal lives on disk. The path a table is given ({@code daemon-leases.json}) names
 * the journal; since format 2 it is kept as two copies beside it, {@code daemon-leases.a.json} and
 * {@code daemon-leases.b.json}, written alternately, and the path itself holds a format 1 journal
 * only until the first write after an upgrade.
 */
public final class JournalFiles {

  private JournalFiles() {}

  /** The two copies of the journal named {@code journal}. */
  public static List<Path> copies(Path journal) {
    String name = journal.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    return List.of(journal.resolveSibling(stem + ".a.json"), journal.resolveSibling(stem + ".b.json"));
  }
}
