package dev.escarp.core.lease;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.SlotLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process acquire + release through the lease table, with real flocks on real lock files
 * (each cycle: flock, write the holder's record, arm the expiry timer; then release, reset with a
 * no-op resetter on the reset thread, mark clean, unlock). With the journal on, acquire and
 * release each rewrite the journal atomically before returning.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class LeaseTableBenchmark {

  @Param({"false", "true"})
  public boolean journal;

  private Path home;
  private LeaseTable table;
  private LeaseThreads threads;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    home = Files.createTempDirectory("escarp-bench-");
    threads = LeaseThreads.start("bench", 4);
    LeaseTableBuilder builder = LeaseTable.builder(
        new SlotLayout(new EscarpHome(home), 29222, "autonomous"), 4).threads(threads);
    if (journal) {
      builder.journal(home.resolve("daemon-leases.json"));
    }
    table = builder.build();
    table.start();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    table.close();
    threads.close();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Object acquireThenRelease() {
    AcquireResult result = table.acquire(AcquireRequest.anySlot("bench"), Duration.ofSeconds(5)).join();
    if (!(result instanceof AcquireResult.Granted granted)) {
      throw new IllegalStateException("no slot within 5 s: " + result);
    }
    return table.release(granted.lease().token());
  }
}
