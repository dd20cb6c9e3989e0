package dev.escarp.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.examples.support.LocalSite;
import dev.escarp.examples.support.ScratchPool;
import dev.escarp.junit.Escarp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A 100-test Playwright-for-Java suite, timed end to end (wall clock, in one JVM, with the
 * parallel settings of junit-platform.properties: 3 threads): each test fills and submits a form on
 * a local page. {@link Leased}: the page comes from escarp-junit, a browser leased from a warm
 * 3-slot pool. {@link Launched}: each test runs {@code chromium.launch()} (the same Chromium
 * binary) and closes the browser after. Both make one Playwright per thread per run. One warm-up
 * run of each, then {@code rounds} rounds in alternating order; prints every run, the medians and
 * their ratio, and writes them to {@code target/suite-benchmark.txt}. On Linux each counted run
 * also prints its CPU per test by process group ({@link ProcessCpu}): the suite is CPU-bound on a
 * 2-core machine, so that, not wall time, says where a test's cost is.
 *
 * <pre>./mvnw -pl examples -am verify -DskipTests -Dsuite-bench [-Dsuite-bench.rounds=5]</pre>
 */
public final class SuiteBenchmark {

  static final int TESTS = 100;
  private static final String SHOP = "<!doctype html><title>Shop</title><input id=email>"
      + "<button onclick=\"document.getElementById('result').textContent = 'Thanks, ' + document.getElementById('email').value\">"
      + "Buy</button><p id=result></p>";

  /** The page the tests open; set by {@link #main} before any run. */
  static volatile String shopUrl;

  private SuiteBenchmark() {}

  static void buy(Page page) {
    page.navigate(shopUrl);
    page.fill("#email", "ada@example.test");
    page.click("button");
    assertEquals("Thanks, ada@example.test", page.textContent("#result"));
  }

  /** Pages of browsers leased from escarp's pool. */
  @Escarp
  static class Leased {
    @RepeatedTest(TESTS)
    void buys(Page page) {
      buy(page);
    }
  }

  /** A browser launched by Playwright for each test, closed after it. */
  @ExtendWith(PlaywrightPerThread.class)
  static class Launched {
    @RepeatedTest(TESTS)
    void buys(Playwright playwright) {
      try (Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(Path.of(chromium())).setHeadless(true))) {
        buy(browser.newPage());
      }
    }
  }

  /** One Playwright per test thread, closed when the run ends: what escarp-junit does too. */
  public static final class PlaywrightPerThread implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Playwright.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      Drivers drivers = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(Drivers.class, k -> new Drivers(), Drivers.class);
      return drivers.byThread.computeIfAbsent(Thread.currentThread(), t -> Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))));
    }
  }

  static final class Drivers implements AutoCloseable {
    final Map<Thread, Playwright> byThread = new ConcurrentHashMap<>();

    @Override
    public void close() {
      byThread.values().forEach(Playwright::close);
    }
  }

  /**
   * Arguments: rounds (5), the report file, which suites ({@code both}, or {@code leased} alone
   * while iterating on escarp-junit), and the pool's slots (3: as many as test threads).
   */
  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path report = Path.of(args.length > 1 ? args[1] : "target/suite-benchmark.txt");
    boolean both = args.length <= 2 || !args[2].strip().equalsIgnoreCase("leased");
    int slots = args.length > 3 ? Integer.parseInt(args[3].strip()) : 3;
    List<Long> leased = new ArrayList<>();
    List<Long> launched = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    log(out, "pool: " + slots + " slots; " + (both ? "leased and launched" : "leased only") + "; load average at start: "
        + loadAverage());
    try (ScratchPool pool = ScratchPool.temporary(slots); LocalSite site = LocalSite.start().page("/shop", SHOP)) {
      shopUrl = site.url("/shop");
      pool.launch(); // the warm pool a harness finds after its first run; not timed
      String home = pool.home().root().toString();
      Optional<ProcessCpu> cpu = ProcessCpu.start(pool.home().root());
      try {
        log(out, "warm-up: leased " + run(Leased.class, home) + " ms"
            + (both ? ", launched " + run(Launched.class, home) + " ms" : "") + " (not counted)");
        for (int round = 1; round <= rounds; round++) {
          if (!both) {
            leased.add(timed(Leased.class, home, cpu, out));
            log(out, String.format("round %d: leased %d ms (load %s)", round, leased.get(round - 1), loadAverage()));
            continue;
          }
          boolean leasedFirst = round % 2 == 1;
          long first = timed(leasedFirst ? Leased.class : Launched.class, home, cpu, out);
          long second = timed(leasedFirst ? Launched.class : Leased.class, home, cpu, out);
          leased.add(leasedFirst ? first : second);
          launched.add(leasedFirst ? second : first);
          log(out, String.format("round %d: leased %d ms, launched %d ms (load %s)", round, leased.get(round - 1),
              launched.get(round - 1), loadAverage()));
        }
      } finally {
        cpu.ifPresent(ProcessCpu::close);
      }
    }
    long leasedMedian = median(leased);
    if (!both) {
      log(out, String.format(Locale.ROOT, "%d tests, %d slots, median of %d rounds: leased %d ms", TESTS, slots, rounds,
          leasedMedian));
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, out);
      return;
    }
    long launchedMedian = median(launched);
    log(out, String.format(Locale.ROOT, "%d tests, median of %d rounds: leased %d ms, launched %d ms; launched / leased = %.2fx",
        TESTS, rounds, leasedMedian, launchedMedian, (double) launchedMedian / leasedMedian));
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, out);
  }

  /** A counted run, followed by where its CPU went (where /proc tells). */
  private static long timed(Class<?> suite, String home, Optional<ProcessCpu> cpu, StringBuilder out) {
    Optional<Map<String, Double>> before = cpu.map(ProcessCpu::snapshot);
    long millis = run(suite, home);
    cpu.ifPresent(c -> log(out, "  " + suite.getSimpleName().toLowerCase(Locale.ROOT) + ": "
        + ProcessCpu.perTest(before.orElseThrow(), c.snapshot(), TESTS)));
    return millis;
  }

  /** Runs the suite once; fails the benchmark if any test fails (a broken run measures nothing). */
  private static long run(Class<?> suite, String home) {
    var request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(suite))
        .configurationParameter("escarp.home", home)
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    long start = System.nanoTime();
    LauncherFactory.create().execute(request, listener);
    long millis = (System.nanoTime() - start) / 1_000_000;
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != TESTS) {
      summary.getFailures().forEach(f -> f.getException().printStackTrace());
      throw new IllegalStateException(suite.getSimpleName() + " run: " + summary.getTestsSucceededCount() + " passed, "
          + summary.getTotalFailureCount() + " failed");
    }
    return millis;
  }

  /** The Chromium escarp launches: ESCARP_CHROME, else chromium on PATH. */
  static String chromium() {
    String configured = System.getenv("ESCARP_CHROME");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "chromium");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException("no chromium on PATH; set ESCARP_CHROME");
  }

  /** The 1, 5 and 15 minute load averages (Linux), so a figure says how busy the machine was. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
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
