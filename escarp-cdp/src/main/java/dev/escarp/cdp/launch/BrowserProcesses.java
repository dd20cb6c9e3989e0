package dev.escarp.cdp.launch;

import dev.escarp.core.config.EscarpHome;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds escarp's browsers in the process table by their signature, the exact argument {@code
 * --user-data-dir=<profile dir>}: never by program name (the user's own Chrome is not ours) and
 * never by "whatever listens on the port".
 *
 * <p>Thread-safe; every call reads the process table afresh.
 */
public final class BrowserProcesses {

  private static final Pattern SLOT_DIR = Pattern.compile("slot-(\\d{1,9})");

  private final EscarpHome home;
  private final ProcessTable table;

  public BrowserProcesses(EscarpHome home, Host host) {
    this(home, new ProcessTable(host.os()));
  }

  BrowserProcesses(EscarpHome home, ProcessTable table) {
    this.home = Objects.requireNonNull(home, "home");
    this.table = Objects.requireNonNull(table, "table");
  }

  /**
   * Every escarp browser on this host (main processes only, helpers left out), by tier and slot:
   * what the broker's orphan sweep compares with the pool.
   */
  public List<EscarpBrowser> scan() {
    Path profiles = home.root().resolve("profiles");
    List<EscarpBrowser> found = new ArrayList<>();
    for (ProcessTable.Entry entry : table.list()) {
      if (entry.isChromiumHelper()) {
        continue;
      }
      entry
          .flagValue(ChromiumFlags.USER_DATA_DIR)
          .flatMap(BrowserProcesses::toPath)
          .ifPresent(
              dir -> {
                Path tierDir = dir.getParent();
                if (tierDir == null || !profiles.equals(tierDir.getParent())) {
                  return;
                }
                Matcher slot = SLOT_DIR.matcher(dir.getFileName().toString());
                if (slot.matches()) {
                  found.add(
                      new EscarpBrowser(
                          entry.pid(),
                          tierDir.getFileName().toString(),
                          Integer.parseInt(slot.group(1)),
                          dir,
                          port(entry)));
                }
              });
    }
    found.sort(Comparator.comparing(EscarpBrowser::tier).thenComparingInt(EscarpBrowser::slot).thenComparingLong(EscarpBrowser::pid));
    return found;
  }

  /**
   * Every process whose command line carries {@code --user-data-dir=<profileDir>} exactly, then
   * their descendants (Chromium's helpers, or whatever a launched script started), parents first.
   */
  public List<Long> processesOf(Path profileDir) {
    String signature = ChromiumFlags.USER_DATA_DIR + profileDir;
    Set<Long> pids = new LinkedHashSet<>();
    List<ProcessTable.Entry> entries = table.list();
    entries.stream().filter(e -> e.hasArg(signature) && !e.isChromiumHelper()).forEach(e -> pids.add(e.pid()));
    entries.stream().filter(e -> e.hasArg(signature)).forEach(e -> pids.add(e.pid()));
    for (Long pid : List.copyOf(pids)) {
      ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
    }
    pids.remove(ProcessHandle.current().pid());
    return List.copyOf(pids);
  }

  /** Alive and not a zombie. */
  public boolean isAlive(long pid) {
    return table.isAlive(pid);
  }

  private static OptionalInt port(ProcessTable.Entry entry) {
    return entry
        .flagValue(ChromiumFlags.DEBUGGING_PORT)
        .filter(v -> v.matches("\\d{1,5}"))
        .map(v -> OptionalInt.of(Integer.parseInt(v)))
        .orElse(OptionalInt.empty());
  }

  private static Optional<Path> toPath(String value) {
    try {
      return Optional.of(Path.of(value).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
