package dev.escarp.examples.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's CPU accounting files each process's CPU under the right group. */
class ProcessCpuTest {

  @TempDir Path home;

  @Test
  void cpuSpentInThisJvm_isCountedUnderTheBenchmarkJvm() {
    try (ProcessCpu cpu = ProcessCpu.start(home).orElseThrow(() -> new AssertionError("no /proc on this machine"))) {
      Map<String, Double> before = cpu.snapshot();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        burn(50);
        return seconds(cpu.snapshot(), "benchmark JVM") - seconds(before, "benchmark JVM") >= 0.2;
      });
    }
  }

  @Test
  void aProcessRunningOnThePoolsProfile_isCountedAsThePoolsBrowser_andOthersAreNot() throws Exception {
    // A busy shell whose command line reads as a Chromium on this pool's profile (argv[0] set by exec -a).
    String poolBrowser = "chromium --user-data-dir=" + home.resolve("profiles/slot-0");
    Process busy = new ProcessBuilder("bash", "-c", "exec -a '" + poolBrowser + "' bash -c 'while :; do :; done'").start();
    Process stranger = new ProcessBuilder("bash", "-c", "exec -a 'chromium --user-data-dir=/elsewhere' bash -c 'while :; do :; done'").start();
    try (ProcessCpu cpu = ProcessCpu.start(home).orElseThrow(() -> new AssertionError("no /proc on this machine"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> seconds(cpu.snapshot(), "pool browser") >= 0.2);
      assertEquals(Optional.of("pool browser"), cpu.groupOf(busy.pid()));
      assertEquals(Optional.empty(), cpu.groupOf(stranger.pid()), "a Chromium of another profile is not the pool's");
    } finally {
      busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static double seconds(Map<String, Double> snapshot, String group) {
    return snapshot.getOrDefault(group, 0.0);
  }

  /** Keeps this thread on the CPU for about {@code millis}. */
  private static void burn(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long x = 0;
    while (System.nanoTime() < end) {
      x += x * 31 + 7;
    }
    if (x == 42) {
      System.out.print("");
    }
  }
}
