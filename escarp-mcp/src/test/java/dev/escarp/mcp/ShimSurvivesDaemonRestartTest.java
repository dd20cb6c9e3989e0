package dev.escarp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonProcess;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.mcp.testing.ShimClient;
import dev.escarp.mcp.testing.ShimCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stdio shim holding a lease while its daemon is SIGKILLed and started again. */
class ShimSurvivesDaemonRestartTest {

  @TempDir Path home;

  @Test
  void daemonSigkilledAndRestarted_theShimKeepsItsSlotAndToken_andItsNextResultSaysNothingWasLost() throws Exception {
    try (TestPool pool = TestPool.create(home, 2)) {
      pool.launchAll();
      new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(2)
          .withCdpBase(pool.layout().cdpBase()));
      Map<String, String> env = TestDaemon.environment(pool, Map.of("ESCARP_LEASE_TTL_S", "6"));
      int port = Integer.parseInt(env.get("ESCARP_API_PORT"));
      ApiClient api = new ApiClient(port);
      DaemonProcess first = DaemonProcess.start(env);
      DaemonProcess second = null;
      try (ShimClient shim = ShimClient.start(ShimCommand.withDaemon(home, port), "--mode", "daemon")) {
        int slot = shim.acquire(Map.of("slot", 1)).path("slot").asInt();
        JsonNode before = api.get("/status").json().path("slots").get(slot);

        first.kill();
        double restartedAt = System.currentTimeMillis() / 1000.0;
        second = DaemonProcess.start(env);

        // The restored lease is the shim's: same holder and start, and the new daemon accepts the
        // shim's token (its heartbeats move last_heartbeat past the restart).
        await().atMost(Duration.ofSeconds(10)).until(() ->
            api.get("/status").json().path("slots").get(slot).path("last_heartbeat").asDouble() > restartedAt);
        JsonNode after = api.get("/status").json().path("slots").get(slot);
        assertEquals("leased", after.path("state").asText());
        assertEquals(before.path("holder"), after.path("holder"));
        assertEquals(before.path("acquired_at"), after.path("acquired_at"));

        JsonNode status = shim.status();
        assertEquals(slot, status.path("currently_holding_slot").asInt(-1), status.toString());
        assertTrue(status.path("lease_lost").isNull(), "nothing was lost: " + status);

        JsonNode released = shim.release();
        assertTrue(released.path("released").asBoolean(), "the shim's token still works: " + released);
      } finally {
        first.kill();
        if (second != null) {
          second.kill();
        }
      }
    }
  }
}
