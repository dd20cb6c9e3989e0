package dev.escarp.cli.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cli.testing.CliHarness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * daemon.pid outlives its daemon, and the kernel reuses pids: {@code escarp daemon stop} signals
 * only this home's daemon, and a zombie named there does not keep a new daemon from starting.
 */
class StalePidFileTest {

  @TempDir Path home;
  private Process stranger;

  @AfterEach
  void endTheStranger() {
    if (stranger != null) {
      stranger.destroyForcibly();
    }
  }

  @Test
  void daemonStop_leavesAnUnrelatedProcessNamedByAStalePidFileAlive() throws Exception {
    stranger = new ProcessBuilder("sleep", "300").start();
    Files.writeString(home.resolve("daemon.pid"), stranger.pid() + " " + LoopbackPorts.freePort() + "\n");
    try (CliHarness cli = new CliHarness(home, 1)) {
      CliHarness.Result stop = cli.run("daemon", "stop", "--grace", "1");

      assertEquals(0, stop.exitCode(), stop.toString());
      assertTrue(stop.err().contains("names pid " + stranger.pid() + ", which is not an escarp daemon"),
          stop.toString());
      assertTrue(stop.out().contains("no daemon running"), stop.toString());
      assertTrue(stranger.isAlive(), "the stranger was signalled: " + stop);
    }
  }

  @Test
  void aZombieNamedByThePidFile_doesNotKeepTheDaemonFromStarting() throws Exception {
    // sh forks a child that exits at once, then becomes `sleep`, which never reaps it: a zombie.
    stranger = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 300").start();
    long zombie;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(stranger.getInputStream(), StandardCharsets.UTF_8))) {
      zombie = Long.parseLong(out.readLine().trim());
    }
    await("the child a zombie").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
        .until(() -> Files.readString(Path.of("/proc", Long.toString(zombie), "stat")).contains(") Z"));
    Files.writeString(home.resolve("daemon.pid"), zombie + " " + LoopbackPorts.freePort() + "\n");
    try (CliHarness cli = new CliHarness(home, 1)) {
      CliHarness.Result start = cli.run("daemon", "--background");
      assertEquals(0, start.exitCode(), start.toString());
      assertTrue(start.out().contains("daemon started"), start.toString());
      CliHarness.Result stop = cli.run("daemon", "stop");
      assertEquals(0, stop.exitCode(), stop.toString());
      assertTrue(stop.out().contains("daemon stopped"), stop.toString());
    }
  }
}
