package dev.escarp.cdp.bench;

import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.launch.SlotStopper;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.slot.Slot;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cold launch of one slot, fresh profile each time, until the first {@code /json/version}
 * answer: {@code BrowserLauncher.launch} next to a bare {@code ProcessBuilder} with the same flags
 * polling the port every millisecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 12)
@Fork(1)
public class ColdLaunchBenchmark {

  private Path home;
  private TestPool pool;
  private Slot slot;
  private Process bare;

  @Setup(Level.Trial)
  public void createHome() throws IOException {
    home = Files.createTempDirectory("escarp-bench-launch");
    pool = TestPool.create(home, 1);
    slot = pool.slot(0);
  }

  @TearDown(Level.Iteration)
  public void stopAndRemoveProfile() {
    new SlotStopper(pool.processes(), Duration.ofSeconds(5)).stop(slot, true);
    if (bare != null) {
      bare.destroyForcibly();
      bare = null;
    }
  }

  @TearDown(Level.Trial)
  public void removeHome() throws IOException {
    pool.close();
    BenchBrowser.deleteTree(home);
  }

  @Benchmark
  public LaunchResult.Launched escarpLauncher() {
    return pool.requireLaunched(pool.launcher().launch(slot));
  }

  @Benchmark
  public void bareProcessBuilder() throws Exception {
    Path binary = new BinaryLocator(pool.host(), pool.home(), Optional.empty()).locate().binary().orElseThrow();
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--remote-debugging-port=" + slot.cdpPort(), "--user-data-dir=" + slot.profileDir(),
        "--no-first-run", "--no-default-browser-check", "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--headless", "--disable-gpu"));
    if (pool.host().isRoot()) {
      command.add("--no-sandbox");
    }
    command.add("about:blank");
    Files.createDirectories(slot.profileDir());
    bare = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(slot.profileDir().toFile(), "bare.log")))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (answers(slot.cdpPort())) {
        return;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("bare launch did not answer within 10 s");
  }

  /** One GET /json/version; false while nothing listens. */
  private static boolean answers(int port) throws IOException {
    try {
      RawCdpSocket.discover(port);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }
}
