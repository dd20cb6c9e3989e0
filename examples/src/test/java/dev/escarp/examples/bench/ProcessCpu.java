package dev.escarp.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the benchmark's CPU goes, by process (Linux /proc; the suite is CPU-bound on small
 * machines, so CPU, not wall time, says what a test costs). Polls every process's own user+system
 * time every 50 ms and files it under a group: the benchmark JVM, its Playwright drivers (node),
 * the Chromium processes those drivers launched, and the pool's Chromium (by the pool's profile
 * directory), each Chromium process by its {@code --type}. A process that ended counts with its
 * last sample, so up to 50 ms of each one's end is missed (short-lived helpers, not the renderers
 * that live through a test). The sampling itself costs the JVM a few ms a second.
 */
final class ProcessCpu implements AutoCloseable {

  private static final Path PROC = Path.of("/proc");
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final Pattern TYPE = Pattern.compile("--type=(\\S+)");
  private static final Pattern UTILITY = Pattern.compile("--utility-sub-type=\\S*?([A-Za-z]+)(\\s|$)");

  private record Seen(String group, long ticks) {}

  /** A process's group once it gave the same answer this many samples running (a fork shows its parent's command line until it execs). */
  private static final int SETTLED_AFTER = 5;

  private record Guess(String group, int times) {}

  private final long self = ProcessHandle.current().pid();
  private final String poolProfiles;
  /** By pid and start time (a reused pid is another process). */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  /** By pid and start time: the group so far (empty: none of ours), settled or not. */
  private final Map<String, Guess> guesses = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private ProcessCpu(Path poolHome) {
    this.poolProfiles = "--user-data-dir=" + poolHome.toAbsolutePath();
    this.sampler = new Thread(this::sampleUntilClosed, "process-cpu");
    sampler.setDaemon(true);
  }

  /** Sampling from now on; empty where there is no /proc. */
  static Optional<ProcessCpu> start(Path poolHome) {
    if (!Files.isDirectory(PROC.resolve("self"))) {
      return Optional.empty();
    }
    ProcessCpu cpu = new ProcessCpu(poolHome);
    cpu.sample();
    cpu.sampler.start();
    return Optional.of(cpu);
  }

  /** CPU seconds so far per group (cumulative; subtract two of them for a run). */
  Map<String, Double> snapshot() {
    sample();
    Map<String, Double> totals = new TreeMap<>();
    seen.values().forEach(s -> totals.merge(s.group(), s.ticks() / TICKS_PER_SECOND, Double::sum));
    return totals;
  }

  /** The group a process's CPU goes to, empty when it is none of the benchmark's. */
  Optional<String> groupOf(long pid) {
    sample();
    return seen.entrySet().stream().filter(e -> e.getKey().startsWith(pid + "/")).map(e -> e.getValue().group()).findFirst();
  }

  /** One line: milliseconds per test by group, biggest first, and the total. */
  static String perTest(Map<String, Double> before, Map<String, Double> after, int tests) {
    Map<String, Double> delta = new HashMap<>();
    after.forEach((group, seconds) -> delta.put(group, seconds - before.getOrDefault(group, 0.0)));
    double total = delta.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder line = new StringBuilder(String.format("CPU per test %.0f ms:", total * 1000 / tests));
    delta.entrySet().stream().filter(e -> e.getValue() * 1000 / tests >= 0.5)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> line.append(String.format(" %s %.0f,", e.getKey(), e.getValue() * 1000 / tests)));
    return line.substring(0, line.length() - 1);
  }

  private void sampleUntilClosed() {
    while (running) {
      sample();
      try {
        Thread.sleep(50); // a sampling period, not a wait for a condition
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    Map<Long, long[]> stats = new HashMap<>(); // pid -> {ppid, ticks, start}
    try (Stream<Path> pids = Files.list(PROC)) {
      pids.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .forEach(n -> stat(Long.parseLong(n)).ifPresent(s -> stats.put(Long.parseLong(n), s)));
    } catch (IOException e) {
      return;
    }
    Map<Long, String> groups = new HashMap<>();
    Set<String> alive = new HashSet<>();
    stats.forEach((pid, s) -> {
      String key = pid + "/" + s[2];
      alive.add(key);
      Guess before = guesses.get(key);
      String group = before != null && before.times() >= SETTLED_AFTER ? before.group()
          : group(pid, stats, groups).orElse("");
      guesses.put(key, new Guess(group, before != null && before.group().equals(group) ? before.times() + 1 : 1));
      if (group.isEmpty()) {
        seen.remove(key); // a fork that turned out to be none of ours once it exec'd
      } else {
        seen.put(key, new Seen(group, s[1]));
      }
    });
    guesses.keySet().retainAll(alive);
  }

  /** The group of a process, from its own command line or else its parent's. */
  private Optional<String> group(long pid, Map<Long, long[]> stats, Map<Long, String> groups) {
    if (groups.containsKey(pid)) {
      return Optional.ofNullable(groups.get(pid)).filter(g -> !g.isEmpty());
    }
    Guess settled = stats.containsKey(pid) ? guesses.get(pid + "/" + stats.get(pid)[2]) : null;
    if (settled != null && settled.times() >= SETTLED_AFTER) {
      return Optional.of(settled.group()).filter(g -> !g.isEmpty());
    }
    groups.put(pid, ""); // guards against cycles while the parent is looked up
    String cmd = commandLine(pid);
    boolean chromium = cmd.contains("chrom");
    String group = null;
    if (pid == self) {
      group = "benchmark JVM";
    } else if (chromium && cmd.contains(poolProfiles)) {
      group = "pool " + chromiumType(cmd);
    } else if (stats.containsKey(pid) && stats.get(pid)[0] > 1) {
      String parent = group(stats.get(pid)[0], stats, groups).orElse("");
      if (parent.equals("benchmark JVM") && !chromium) {
        group = "Playwright driver (node)";
      } else if (parent.startsWith("pool ") || parent.startsWith("launched ")) {
        group = parent.substring(0, parent.indexOf(' ')) + " " + chromiumType(cmd);
      } else if (parent.startsWith("Playwright driver") && chromium) {
        group = "launched " + chromiumType(cmd);
      }
    }
    groups.put(pid, group == null ? "" : group);
    return Optional.ofNullable(group);
  }

  private static String chromiumType(String cmd) {
    Matcher type = TYPE.matcher(cmd);
    if (!type.find()) {
      return cmd.contains("crashpad") ? "crashpad" : "browser";
    }
    Matcher utility = UTILITY.matcher(cmd);
    return type.group(1).equals("utility") && utility.find() ? "utility " + utility.group(1) : type.group(1);
  }

  /** {ppid, utime+stime, starttime}, empty for a process that is gone. */
  private static Optional<long[]> stat(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[19])});
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(PROC.resolve(pid + "/cmdline"))).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
