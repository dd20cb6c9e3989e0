package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.discovery.Health;
import dev.escarp.cdp.discovery.HealthProbe;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.slot.Slot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two slots launched by a child JVM that is then SIGKILLed: the browsers must live on, be
 * discoverable, usable, recognised as escarp's, skipped by a second launch, and stoppable one by
 * one. The tests share the two browsers and run in order; the last one stops slot 1.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DetachedLaunchTest {

  @TempDir static Path home;

  private static TestPool pool;
  /** Slot index to browser pid, as the child JVM reported them. */
  private static final Map<Integer, Long> launchedPids = new TreeMap<>();
  private static long childPid;
  private static Process child;

  @BeforeAll
  static void launchFromAChildJvm_thenKillItWithSigkill() throws Exception {
    pool = TestPool.create(home, 2);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), LaunchingJvm.class.getName(),
                home.toString(), Integer.toString(pool.layout().cdpBase()), "2")
            .redirectErrorStream(true)
            .start();
    childPid = child.pid();
    try {
      List<String> output = readUntilReady(child);
      for (String line : output) {
        if (line.startsWith("LAUNCHED ")) {
          String[] parts = line.split(" ");
          launchedPids.put(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
          pool.track(Long.parseLong(parts[2]));
        }
      }
      assertEquals(2, launchedPids.size(), "child JVM output: " + output);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup of any kind
      assertTrue(child.waitFor(10, TimeUnit.SECONDS));
    }
  }

  private static List<String> readUntilReady(Process child) throws Exception {
    List<String> lines = new ArrayList<>();
    CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
          if (line.equals("READY")) {
            return;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      fail("child JVM did not report READY; output so far: " + lines, e);
    }
    return lines;
  }

  @AfterAll
  static void stopEverything() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (pool != null) {
      pool.close();
    }
  }

  private static BrowserVersion discover(Slot slot) {
    ProbeResult result = pool.probe().probe(slot.cdpPort());
    return assertInstanceOf(ProbeResult.Found.class, result, "slot " + slot.index() + ": " + result).browser();
  }

  @Test
  @Order(1)
  void browsers_outliveTheSigkilledJvmThatLaunchedThem() {
    assertFalse(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false), "child JVM is gone");
    for (Slot slot : pool.slots()) {
      BrowserVersion version = discover(slot);
      assertTrue(version.browser().startsWith("Chrome/"), version.browser());
      long pid = launchedPids.get(slot.index());
      assertTrue(pool.processes().isAlive(pid), "browser of slot " + slot.index() + " is alive");
      ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
          .ifPresent(parent -> assertNotEquals(childPid, parent.pid(), "reparented away from the dead JVM"));
    }
  }

  @Test
  @Order(2)
  void scan_listsBothBrowsers_withTheirSlotsPortsAndProfiles() {
    List<EscarpBrowser> browsers = pool.processes().scan();

    assertEquals(2, browsers.size(), browsers.toString());
    for (EscarpBrowser browser : browsers) {
      Slot slot = pool.slot(browser.slot());
      assertEquals(launchedPids.get(browser.slot()), browser.pid());
      assertEquals("autonomous", browser.tier());
      assertEquals(slot.profileDir(), browser.profileDir());
      assertEquals(slot.cdpPort(), browser.cdpPort().orElseThrow());
    }
  }

  @Test
  @Order(3)
  void launchingAgain_skipsSlotsWhosePortAlreadyAnswers() {
    List<LaunchResult> results = pool.launcher().launchAll(pool.slots());

    for (LaunchResult result : results) {
      LaunchResult.Skipped skipped = assertInstanceOf(LaunchResult.Skipped.class, result);
      assertEquals(pool.slot(skipped.slot()).cdpPort(), skipped.cdpPort());
    }
    assertEquals(2, pool.processes().scan().size(), "nothing new was started");
  }

  @Test
  @Order(4)
  void eachSlot_answersCdpRoundTrips_andIsHealthy() {
    try (HealthProbe health = new HealthProbe(pool.probe(), CdpClientOptions.defaults(), Duration.ofSeconds(2))) {
      checkEachSlot(health);
    }
  }

  private static void checkEachSlot(HealthProbe health) {
    for (Slot slot : pool.slots()) {
      try (CdpClient client = CdpClient.connect(discover(slot).webSocketDebuggerUrl()).join()) {
        ObjectNode version = client.send("Browser.getVersion").join();
        assertTrue(version.get("product").asText().startsWith("Chrome/"));
        ObjectNode targets = client.send("Target.getTargets").join();
        assertTrue(targets.get("targetInfos").size() >= 1);
      }
      Health result = health.check(slot.cdpPort());
      assertTrue(result.healthy(), result.reason());
    }
  }

  @Test
  @Order(5)
  void stoppingOneSlot_endsItsProcessesAndRemovesItsData_andLeavesTheOtherUntouched() {
    Slot stopped = pool.slot(1);
    Slot kept = pool.slot(0);
    List<Long> stoppedPids = pool.processes().processesOf(stopped.profileDir());
    List<Long> keptPids = pool.processes().processesOf(kept.profileDir());
    assertTrue(stoppedPids.size() > 1, "a browser and its helpers: " + stoppedPids);

    StopResult result = new SlotStopper(pool.processes()).stop(stopped, true);

    assertTrue(result.stopped(), result.toString());
    assertTrue(result.dataRemoved(), result.toString());
    assertTrue(result.pids().contains(launchedPids.get(1)));
    for (long pid : stoppedPids) {
      assertFalse(pool.processes().isAlive(pid), "process " + pid + " of slot 1 still runs");
    }
    assertTrue(pool.processes().processesOf(stopped.profileDir()).isEmpty());
    assertFalse(Files.exists(stopped.profileDir()));
    assertInstanceOf(ProbeResult.NothingThere.class, pool.probe().probe(stopped.cdpPort()));

    for (long pid : keptPids) {
      assertTrue(pool.processes().isAlive(pid), "process " + pid + " of slot 0 was touched");
    }
    discover(kept);
    assertTrue(Files.exists(kept.profileDir()));
    assertEquals(List.of(0), pool.processes().scan().stream().map(EscarpBrowser::slot).toList());
  }
}
