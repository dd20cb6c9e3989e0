package dev.escarp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Tabs;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.time.Clock;
import dev.escarp.mcp.testing.RawShim;
import dev.escarp.mcp.testing.ShimClient;
import dev.escarp.mcp.testing.ShimCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded mode: no daemon answers, so the shim claims slots itself through the pool's lock files.
 * Slot 0's browser runs from the start; slot 1's does not, until a shim needs it.
 */
class ShimWithoutDaemonTest {

  @TempDir static Path home;
  static TestPool pool;
  static Map<String, String> env;
  static final SlotAllocator allocator = new SlotAllocator(Clock.system());

  @BeforeAll
  static void launchSlotZero() {
    pool = TestPool.create(home, 2);
    pool.requireLaunched(pool.launcher().launch(pool.slot(0)));
    new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(2).withCdpBase(pool.layout().cdpBase()));
    env = ShimCommand.withoutDaemon(home);
  }

  @AfterAll
  static void stop() {
    pool.close(); // ends slot 0's browser and the one a shim launched for slot 1, by profile signature
  }

  @AfterEach
  void everySlotEndsUnlocked() {
    await("every slot unlocked").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> pool.slots().stream().allMatch(s -> allocator.holderOf(s).isEmpty()));
  }

  @Test
  void withNoDaemon_theShimClaimsASlotItself_andItsReleaseResetsTheBrowser() throws Exception {
    try (ShimClient shim = ShimClient.start(env)) {
      JsonNode lease = shim.acquire(Map.of("dev_port", 3000));
      assertEquals("embedded", lease.path("mode").asText(), "auto mode works alone when no daemon answers");
      assertEquals(0, lease.path("slot").asInt());
      Slot slot = pool.slot(0);
      assertEquals(((ProbeResult.Found) pool.probe().probe(slot.cdpPort())).browser().webSocketDebuggerUrl().toString(),
          lease.path("cdp_ws_url").asText());
      assertTrue(lease.path("expires_at").isNull(), "a flock has no expiry");
      assertTrue(lease.path("auto_heartbeat_interval_s").isNull());
      assertTrue(lease.path("notes").toString().contains("no expiry"), lease.path("notes").toString());

      SlotHolder holder = allocator.holderOf(slot).orElseThrow();
      assertEquals(shim.process().pid(), holder.pid(), "the kernel says the shim holds the slot");
      assertEquals(lease.path("holder").asText(), holder.holder().orElseThrow());

      JsonNode status = shim.status();
      assertEquals("embedded", status.path("mode").asText());
      assertTrue(status.path("lease_ttl_s").isNull());
      assertEquals(0, status.path("currently_holding_slot").asInt());
      JsonNode mine = status.path("slots").get(0);
      assertEquals("leased", mine.path("state").asText());
      assertTrue(mine.path("held_by_this_session").asBoolean());
      assertEquals(3000, mine.path("dev_port").asInt());
      assertEquals("free", status.path("slots").get(1).path("state").asText());

      Tabs.open(slot.cdpPort(), "about:blank#left-behind");
      JsonNode released = shim.release();
      assertTrue(released.path("released").asBoolean());
      assertTrue(released.path("reset").asText().startsWith("tabs reset done"), released.toString());
      assertEquals(List.of("about:blank"), Tabs.pageUrls(slot.cdpPort()), "no tab survives the lease");
      assertCleanlyReleased(slot);
    }
  }

  @Test
  void aSlotWhoseBrowserIsNotRunning_getsItsBrowserLaunched() throws Exception {
    Slot slot = pool.slot(1);
    assertInstanceOf(ProbeResult.NothingThere.class, pool.probe().probe(slot.cdpPort()));
    try (ShimClient shim = ShimClient.start(env, "--mode", "embedded")) {
      JsonNode lease = shim.acquire(Map.of("slot", 1));
      ProbeResult.Found running = assertInstanceOf(ProbeResult.Found.class, pool.probe().probe(slot.cdpPort()));
      assertEquals(running.browser().webSocketDebuggerUrl().toString(), lease.path("cdp_ws_url").asText());
      shim.release();
    }
    assertInstanceOf(ProbeResult.Found.class, pool.probe().probe(slot.cdpPort()), "the browser outlives the shim");
  }

  @Test
  void aHeldSlotWhoseBrowserDies_isRelaunchedByTheShim_andItsRecordSaysSo() throws Exception {
    Slot slot = pool.slot(0);
    try (ShimClient shim = ShimClient.start(env, "--mode", "embedded")) {
      JsonNode lease = shim.acquire(Map.of("slot", 0));
      String before = lease.path("cdp_ws_url").asText();
      List<Long> browser = pool.processes().processesOf(slot.profileDir());
      assertFalse(browser.isEmpty());

      browser.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)); // a crash

      await("the shim relaunching the browser").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> {
            JsonNode mine = shim.status().path("slots").get(0);
            assertEquals("browser_restarted", mine.path("problem").asText(), mine.toString());
            assertEquals(1, mine.path("browser_restarts").asInt(), mine.toString());
          });
      ProbeResult.Found running = assertInstanceOf(ProbeResult.Found.class, pool.probe().probe(slot.cdpPort()));
      String now = running.browser().webSocketDebuggerUrl().toString();
      assertEquals(now, shim.status().path("slots").get(0).path("cdp_ws_url").asText(), "the record leads to the new browser");
      assertTrue(!now.equals(before), before + " -> " + now);
      shim.release();
    }
  }

  @Test
  void aKilledShim_freesItsSlotWithinOneSecond_andTheNextHolderResetsIt() throws Exception {
    Slot slot = pool.slot(0);
    try (ShimClient shim = ShimClient.start(env)) {
      assertEquals(0, shim.acquire(Map.of()).path("slot").asInt());
      Tabs.open(slot.cdpPort(), "about:blank#dirty");
      long killed = System.nanoTime();
      shim.process().destroyForcibly();
      await("slot 0 unlocked").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
          .until(() -> allocator.holderOf(slot).isEmpty());
      Duration took = Duration.ofNanos(System.nanoTime() - killed);
      assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "freed after " + took.toMillis() + " ms");
    }
    try (ShimClient next = ShimClient.start(env)) {
      assertEquals(0, next.acquire(Map.of()).path("slot").asInt());
      assertEquals(List.of("about:blank"), Tabs.pageUrls(slot.cdpPort()),
          "the dead holder never reset the browser, so the next holder did before using it");
      next.release();
    }
  }

  @Test
  void closingStdin_releasesAndResetsTheSlot_andTheShimExitsCleanly() throws Exception {
    try (RawShim raw = RawShim.start(env)) {
      raw.initialize();
      JsonNode lease = raw.callTool("escarp_acquire", Map.of()).path("structuredContent");
      Slot slot = pool.slot(lease.path("slot").asInt());
      assertEquals(raw.process().pid(), allocator.holderOf(slot).orElseThrow().pid());

      raw.closeStdin();
      assertTrue(raw.process().waitFor(20, TimeUnit.SECONDS), "the shim exits when its client goes away");
      assertEquals(0, raw.process().exitValue());
      assertCleanlyReleased(slot);
    }
  }

  @Test
  void sigterm_releasesAndResetsTheSlotBeforeTheShimExits() throws Exception {
    try (RawShim raw = RawShim.start(env)) {
      raw.initialize();
      JsonNode lease = raw.callTool("escarp_acquire", Map.of()).path("structuredContent");
      Slot slot = pool.slot(lease.path("slot").asInt());

      raw.process().destroy(); // SIGTERM
      assertTrue(raw.process().waitFor(20, TimeUnit.SECONDS));
      assertCleanlyReleased(slot);
    }
  }

  @Test
  void anUnknownSlot_andAForcedDaemonThatIsNotThere_areErrorResults() {
    try (ShimClient embedded = ShimClient.start(env)) {
      JsonNode unknown = embedded.error("escarp_acquire", Map.of("slot", 7));
      assertEquals("unknown_slot", unknown.path("error").asText());
      assertTrue(unknown.path("message").asText().contains("slots 0..1"), unknown.toString());
    }
    try (ShimClient daemonless = ShimClient.start(env, "--mode", "daemon")) {
      JsonNode status = daemonless.error("escarp_status", Map.of());
      assertEquals("broker_unreachable", status.path("error").asText());
      JsonNode acquire = daemonless.error("escarp_acquire", Map.of());
      assertEquals("broker_unreachable", acquire.path("error").asText());
      assertTrue(acquire.path("message").asText().contains("ESCARP_MCP_MODE=embedded"), acquire.toString());
    }
  }

  /** Unlocked, and marked clean: the shim reset the browser itself before letting go. */
  private static void assertCleanlyReleased(Slot slot) {
    await("slot " + slot.index() + " unlocked").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> allocator.holderOf(slot).isEmpty());
    try (SlotClaim claim = allocator.tryClaim(slot, "test-check").orElseThrow()) {
      assertFalse(claim.needsReset(), "the shim reset the slot and marked it clean");
      claim.markClean();
    }
  }
}
