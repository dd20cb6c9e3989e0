package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Launches that cannot succeed: each must fail clearly and leave nothing running. */
@Timeout(60)
class LaunchFailureTest {

  @TempDir Path dir;

  private Slot slot;
  private BrowserProcesses processes;

  @AfterEach
  void endAnythingLeftBehind() {
    if (processes != null && slot != null) {
      processes.processesOf(slot.profileDir()).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private LaunchResult launch(Map<String, String> overrides, Duration readyTimeout) {
    EscarpHome home = new EscarpHome(dir.resolve("home"));
    slot = new SlotLayout(home, LoopbackPorts.freePort(), "autonomous").slot(0);
    Map<String, String> env = new HashMap<>(TestPool.testHost().env());
    env.keySet().removeIf(k -> k.startsWith("ESCARP_"));
    env.putAll(overrides);
    Host host = TestPool.testHost().withEnv(env);
    processes = new BrowserProcesses(home, host);
    BrowserLauncher launcher =
        new BrowserLauncher(
            new BinaryLocator(host, home, Optional.empty()),
            VersionProbe.create(Duration.ofMillis(300)),
            processes,
            host,
            LaunchOptions.defaults().withReadyTimeout(readyTimeout));
    return launcher.launch(slot);
  }

  private Path script(String body) throws IOException {
    Path file = dir.resolve("fake-chrome");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static boolean anyProcessRuns(String command) {
    return new ProcessTable(Host.current().os()).list().stream().anyMatch(e -> e.command().equals(command));
  }

  @Test
  void binaryThatNeverAnswers_failsAfterTheReadyTimeout_withTheLastError_andNothingIsLeftRunning() throws IOException {
    // A unique sleep, to look for it afterwards: it is the script's child, not signed with the profile.
    String sleep = "sleep 313." + ProcessHandle.current().pid();
    Path fake = script(sleep);

    LaunchResult result = launch(Map.of("ESCARP_CHROME", fake.toString()), Duration.ofMillis(1500));

    LaunchResult.Failed failed = assertInstanceOf(LaunchResult.Failed.class, result);
    assertTrue(failed.reason().contains("no answer on http://127.0.0.1:" + slot.cdpPort() + "/json/version within 1500 ms"), failed.reason());
    assertTrue(failed.reason().contains("last error: connection refused"), failed.reason());
    assertTrue(processes.processesOf(slot.profileDir()).isEmpty(), "the fake browser was ended");
    assertFalse(anyProcessRuns(sleep), "the fake browser's child was ended too");
  }

  @Test
  void binaryThatExitsAtOnce_failsFast_withItsExitStatusAndTheEndOfItsLog() throws IOException {
    Path fake = script("echo 'Missing X server or $DISPLAY' >&2; exit 3");
    long start = System.nanoTime();

    LaunchResult result = launch(Map.of("ESCARP_CHROME", fake.toString()), Duration.ofSeconds(10));

    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    LaunchResult.Failed failed = assertInstanceOf(LaunchResult.Failed.class, result);
    assertTrue(failed.reason().contains("exited with status 3"), failed.reason());
    assertTrue(failed.reason().contains("Missing X server"), failed.reason());
    assertTrue(tookMillis < 5_000, "did not wait for the ready timeout: " + tookMillis + " ms");
  }

  @Test
  void noBrowserAnywhere_failsNamingWhereItLooked_andStartsNothing() throws IOException {
    Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));

    LaunchResult result = launch(Map.of("PATH", emptyBin.toString()), Duration.ofSeconds(2));

    LaunchResult.Failed failed = assertInstanceOf(LaunchResult.Failed.class, result);
    assertTrue(failed.reason().contains("no Chromium binary found"), failed.reason());
    assertTrue(failed.reason().contains("ESCARP_CHROME (unset)"), failed.reason());
    assertTrue(failed.reason().contains("chromium on PATH (not found)"), failed.reason());
    assertFalse(Files.exists(slot.profileDir()), "nothing was prepared for a launch that could not happen");
  }

  @Test
  void configuredBinaryThatDoesNotExist_failsNamingTheVariable() {
    LaunchResult result = launch(Map.of("ESCARP_CHROME", dir.resolve("no-such-chrome").toString()), Duration.ofSeconds(2));

    LaunchResult.Failed failed = assertInstanceOf(LaunchResult.Failed.class, result);
    assertTrue(failed.reason().startsWith("ESCARP_CHROME=" + dir.resolve("no-such-chrome") + " does not exist"), failed.reason());
  }
}
