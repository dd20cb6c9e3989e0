package dev.escarp.examples.suite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the sample suite (its own failsafe execution) and checks, from what both test JVMs
 * recorded ({@link SuiteJournal}), what no single test can see: two JVMs really were in play, no
 * two tests ever held the same slot at the same time, and never more tests held a browser than
 * the pool has slots. It also reports how long tests waited for a browser.
 */
class SuiteJournalCheck {

  private static final int POOL_SIZE = 3;

  record Hold(int slot, long pid, long requested, long held, long released, String test) {

    static Hold parse(String line) {
      Map<String, String> f = new HashMap<>();
      for (String part : line.strip().split(" ")) {
        int eq = part.indexOf('=');
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
      return new Hold(Integer.parseInt(f.get("slot")), Long.parseLong(f.get("pid")), Long.parseLong(f.get("requested")),
          Long.parseLong(f.get("held")), Long.parseLong(f.get("released")), f.get("test"));
    }

    long waitedMillis() {
      return (held - requested) / 1000;
    }
  }

  @Test
  void theSuiteRanInTwoJvms_andNoSlotEverHadTwoHolders() throws IOException {
    List<Hold> holds = read();
    assertFalse(holds.isEmpty(), "no records in " + SuiteJournal.directory().orElseThrow() + ": did the sample suite run?");

    Map<Long, Long> perJvm = holds.stream().collect(Collectors.groupingBy(Hold::pid, TreeMap::new, Collectors.counting()));
    Map<Integer, Long> perSlot = holds.stream().collect(Collectors.groupingBy(Hold::slot, TreeMap::new, Collectors.counting()));
    List<Hold> waited = holds.stream().filter(h -> h.waitedMillis() >= 50).toList();
    System.out.printf("sample suite: %d tests; tests per JVM (pid): %s; tests per slot: %s; max held at once: %d;"
            + " %d tests waited >= 50 ms for a browser (longest %d ms)%n",
        holds.size(), perJvm, perSlot, maxAtOnce(holds), waited.size(),
        holds.stream().mapToLong(Hold::waitedMillis).max().orElse(0));

    long classes = holds.stream().map(h -> h.test().substring(0, h.test().indexOf('.'))).distinct().count();
    if (classes >= 2) {
      // Failsafe hands test classes to its two JVMs; a run narrowed to one class (-Dit.test) uses one.
      assertTrue(perJvm.size() >= 2, "expected tests from two JVMs, got " + perJvm);
    }
    assertTrue(perSlot.keySet().stream().allMatch(s -> s >= 0 && s < POOL_SIZE), "slots outside the pool: " + perSlot);
    for (Map.Entry<Integer, List<Hold>> slot : bySlot(holds).entrySet()) {
      List<Hold> spans = slot.getValue();
      for (int i = 1; i < spans.size(); i++) {
        Hold before = spans.get(i - 1);
        Hold after = spans.get(i);
        if (after.held() < before.released()) {
          fail("slot " + slot.getKey() + " had two holders at once: " + before + " and " + after);
        }
      }
    }
    assertTrue(maxAtOnce(holds) <= POOL_SIZE, "more tests held a browser at once than the pool has slots");
  }

  private static Map<Integer, List<Hold>> bySlot(List<Hold> holds) {
    Map<Integer, List<Hold>> bySlot = new TreeMap<>();
    holds.forEach(h -> bySlot.computeIfAbsent(h.slot(), k -> new ArrayList<>()).add(h));
    bySlot.values().forEach(l -> l.sort(Comparator.comparingLong(Hold::held)));
    return bySlot;
  }

  /** The most spans open at one instant (a span ending as another starts does not count twice). */
  private static int maxAtOnce(List<Hold> holds) {
    List<long[]> events = new ArrayList<>();
    holds.forEach(h -> {
      events.add(new long[] {h.held(), 1});
      events.add(new long[] {h.released(), -1});
    });
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    int open = 0;
    int max = 0;
    for (long[] e : events) {
      open += (int) e[1];
      max = Math.max(max, open);
    }
    return max;
  }

  private static List<Hold> read() throws IOException {
    Path dir = SuiteJournal.directory().orElseThrow(() -> new IllegalStateException(
        "set -D" + SuiteJournal.DIRECTORY_PROPERTY + " (the build does)"));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Hold> holds = new ArrayList<>();
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".rec"))::iterator) {
        holds.add(Hold.parse(Files.readString(file)));
      }
      return holds;
    }
  }
}
