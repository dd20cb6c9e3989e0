package dev.escarp.cli.identity;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.time.Clock;
import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.SlotWindowIdentity;
import dev.escarp.macos.window.WindowIdentityStore;
import dev.escarp.mcp.testing.ShimClient;
import dev.escarp.mcp.testing.ShimCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP shim's embedded records (no daemon) carry the per-slot OS identity that escarp-macos
 * provides through core's identity SPI. Lives here because only this module has both the shim and
 * the provider on its class path (the shim's child JVM gets this JVM's class path).
 */
class EmbeddedShimIdentityTest {

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
    pool.close(); // ends slot 0's browser, by profile signature
  }

  @Test
  void recordsCarryTheWindowAndAppIdentityThatEscarpMacosRecorded() throws Exception {
    WindowIdentityStore windows = new WindowIdentityStore(pool.home());
    windows.save(new SlotWindowIdentity(0, 812, 4242, new Bounds(112, 112, 1024, 560), 7, "PAGE-1", 1_780_000_000_000L));
    Path plist = pool.home().cuaAppsDir().resolve("Escarp Chrome Slot 1.app/Contents/Info.plist");
    Files.createDirectories(plist.getParent());
    Files.writeString(plist, "<plist/>");
    try (ShimClient shim = ShimClient.start(env)) {
      JsonNode slots = shim.status().path("slots");
      assertEquals(812, slots.get(0).path("os_window_id").asLong(), slots.toString());
      assertEquals("[112,112,1024,560]", slots.get(0).path("bounds").toString());
      assertTrue(slots.get(0).path("cua_app_bundle_id").isNull(), "slot 0 has no per-slot app");
      assertEquals("dev.escarp.chrome.slot1", slots.get(1).path("cua_app_bundle_id").asText(), slots.toString());
      assertEquals("Escarp Chrome Slot 1", slots.get(1).path("cua_app_name").asText());
      assertTrue(slots.get(1).path("os_window_id").isNull(), "slot 1 was never calibrated");

      JsonNode lease = shim.acquire(Map.of("slot", 0));
      assertEquals("embedded", lease.path("mode").asText());
      assertEquals(812, lease.path("os_window_id").asLong(), lease.toString());
      assertEquals(4242, lease.path("owner_pid").asLong());
      assertEquals("PAGE-1", lease.path("cdp_target_id").asText());
      assertTrue(shim.release().path("released").asBoolean());
      assertCleanlyReleased(pool.slot(0));
    } finally {
      windows.delete(0);
      Files.delete(plist);
    }
  }

  /** Unlocked, and marked clean: the shim reset the browser itself before letting go. */
  private static void assertCleanlyReleased(Slot slot) throws InterruptedException {
    await("slot " + slot.index() + " unlocked").atMost(Duration.ofSeconds(10))
        .until(() -> allocator.holderOf(slot).isEmpty());
    try (SlotClaim claim = allocator.tryClaim(slot, "test-check").orElseThrow()) {
      assertFalse(claim.needsReset(), "the shim reset the slot and marked it clean");
      claim.markClean();
    }
  }
}
