package dev.escarp.examples.bench;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.escarp.examples.junit.EscarpExtension;
import dev.escarp.examples.support.ScratchPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The sample suite (every {@code *IT} of {@code dev.escarp.examples.suite}, with the parallel
 * settings of junit-platform.properties) timed end to end, wall clock, in one JVM: with browsers
 * leased from a warm 3-slot escarp pool, and with a browser launched for each test and stopped
 * after it ({@code escarp.browsers=fresh}). One warm-up run of each, then {@code rounds} rounds
 * in alternating order. Prints every run, the medians and their ratio, and writes them to
 * {@code target/suite-benchmark.txt}.
 *
 * <pre>./mvnw -pl examples -am verify -DskipTests -Dsuite-bench [-Dsuite-bench.rounds=7]</pre>
 */
public final class SuiteBenchmark {

  private SuiteBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path report = Path.of(args.length > 1 ? args[1] : "target/suite-benchmark.txt");
    List<Long> pooled = new ArrayList<>();
    List<Long> fresh = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    try (ScratchPool pool = ScratchPool.temporary(3)) {
      pool.launch(); // the warm pool a harness finds after its first run; not timed
      String home = pool.home().root().toString();
      log(out, "warm-up: pool " + runSuite(home, "pool") + " ms, fresh " + runSuite(home, "fresh") + " ms (not counted)");
      for (int round = 1; round <= rounds; round++) {
        boolean poolFirst = round % 2 == 1;
        long first = runSuite(home, poolFirst ? "pool" : "fresh");
        long second = runSuite(home, poolFirst ? "fresh" : "pool");
        pooled.add(poolFirst ? first : second);
        fresh.add(poolFirst ? second : first);
        log(out, String.format("round %d: pool %d ms, fresh %d ms", round, pooled.get(round - 1), fresh.get(round - 1)));
      }
    }
    long pooledMedian = median(pooled);
    long freshMedian = median(fresh);
    log(out, String.format(Locale.ROOT, "median of %d rounds: pool %d ms, fresh %d ms; fresh / pool = %.2fx",
        rounds, pooledMedian, freshMedian, (double) freshMedian / pooledMedian));
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, out);
  }

  /** Runs the suite once; fails the benchmark if any test fails (a broken run measures nothing). */
  private static long runSuite(String home, String browsers) {
    var request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("dev.escarp.examples.suite"))
        .filters(includeClassNamePatterns(".*IT"))
        .configurationParameter(EscarpExtension.HOME, home)
        .configurationParameter(EscarpExtension.BROWSERS, browsers)
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    long start = System.nanoTime();
    LauncherFactory.create().execute(request, listener);
    long millis = (System.nanoTime() - start) / 1_000_000;
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() == 0) {
      summary.getFailures().forEach(f -> f.getException().printStackTrace());
      throw new IllegalStateException(browsers + " run: " + summary.getTestsSucceededCount() + " passed, "
          + summary.getTotalFailureCount() + " failed");
    }
    return millis;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void log(StringBuilder out, String line) {
    System.out.println(line);
    out.append(line).append('\n');
  }
}
