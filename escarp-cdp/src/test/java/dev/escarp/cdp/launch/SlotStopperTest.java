package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SlotStopperTest {

  @TempDir Path dir;

  private final FakeBrowsers fakes = new FakeBrowsers();

  @AfterEach
  void killFakes() {
    fakes.close();
  }

  private EscarpHome home() {
    return new EscarpHome(dir.resolve("home"));
  }

  private Slot slot(int index) throws Exception {
    Slot slot = new SlotLayout(home(), 9400, "autonomous").slot(index);
    Files.createDirectories(slot.profileDir().resolve("Default"));
    Files.writeString(slot.profileDir().resolve("Default/Cookies"), "data");
    return slot;
  }

  private SlotStopper stopper(Duration grace) {
    return new SlotStopper(new BrowserProcesses(home(), Host.current()), grace);
  }

  @Test
  void stop_endsTheSlotsProcessesWithSigterm_removesItsData_andLeavesOtherSlotsAlone() throws Exception {
    Slot slot = slot(1);
    Slot other = slot(2);
    Process browser = fakes.browser(slot.profileDir(), slot.cdpPort());
    List<ProcessHandle> children = browser.descendants().toList();
    Process neighbour = fakes.browser(other.profileDir(), other.cdpPort());

    StopResult result = stopper(Duration.ofSeconds(5)).stop(slot, true);

    assertTrue(result.stopped(), result.toString());
    assertFalse(result.forced(), "sh dies on SIGTERM");
    assertTrue(result.pids().contains(browser.pid()));
    assertTrue(browser.waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
    children.forEach(c -> assertFalse(new ProcessTable(Host.current().os()).isAlive(c.pid()), "child " + c.pid() + " lives"));
    assertTrue(result.dataRemoved());
    assertFalse(Files.exists(slot.profileDir()));
    assertTrue(neighbour.isAlive());
    assertTrue(Files.exists(other.profileDir()));
  }

  @Test
  void stop_processThatIgnoresSigterm_isKilledAfterTheGrace() throws Exception {
    Slot slot = slot(3);
    Process stubborn = fakes.start(
        "trap '' TERM; while :; do sleep 0.05; done",
        "--user-data-dir=" + slot.profileDir());

    long start = System.nanoTime();
    StopResult result = stopper(Duration.ofMillis(300)).stop(slot, false);
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(result.forced(), result.toString());
    assertTrue(result.stopped(), result.toString());
    assertTrue(stubborn.waitFor(5, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(tookMillis >= 300, "waited the grace period first, took " + tookMillis + " ms");
    assertFalse(result.dataRemoved());
    assertTrue(Files.exists(slot.profileDir()), "data kept when not asked to remove it");
  }

  @Test
  void stop_slotWithNothingRunning_stillRemovesItsData() throws Exception {
    Slot slot = slot(4);

    StopResult result = stopper(Duration.ofSeconds(1)).stop(slot, true);

    assertEquals(List.of(), result.pids());
    assertTrue(result.dataRemoved());
    assertFalse(Files.exists(slot.profileDir()));
  }
}
