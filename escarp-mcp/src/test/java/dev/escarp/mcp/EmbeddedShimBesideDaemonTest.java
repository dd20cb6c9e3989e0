package dev.escarp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.HttpBrokerClient;
import dev.escarp.client.LeaseRecord;
import dev.escarp.client.SlotRecord;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.testing.ShimClient;
import dev.escarp.mcp.testing.ShimCommand;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedded shim and a running daemon on one pool: the kernel's flocks keep them from double-leasing. */
class EmbeddedShimBesideDaemonTest {

  @TempDir static Path home;
  static TestDaemon daemon;
  static BrokerClient broker;
  static Map<String, String> embeddedEnv;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of()).start();
    broker = new HttpBrokerClient(URI.create("http://127.0.0.1:" + daemon.api().port()), Optional.empty(),
        Duration.ofSeconds(10));
    embeddedEnv = new HashMap<>(ShimCommand.withDaemon(home, daemon.api().port()));
    embeddedEnv.put("ESCARP_MCP_MODE", "embedded");
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void anEmbeddedShimAndTheDaemon_shareThePool_withoutDoubleLeasing() {
    try (ShimClient shim = ShimClient.start(embeddedEnv); ShimClient second = ShimClient.start(embeddedEnv)) {
      JsonNode lease = shim.acquire(Map.of());
      assertEquals("embedded", lease.path("mode").asText(), "forced embedded although a daemon serves");
      int mine = lease.path("slot").asInt();

      SlotRecord seenByDaemon = broker.status().orElseThrow().slot(mine).orElseThrow();
      assertEquals("external", seenByDaemon.state(), "the daemon sees the shim's flock");
      assertEquals(shim.process().pid(), seenByDaemon.holderPid().orElseThrow());

      LeaseRecord daemonLease = broker.acquire(AcquireRequest.anySlot("daemon-client")).orElseThrow();
      int theirs = daemonLease.slot();
      assertTrue(theirs != mine, "the daemon leases the other slot");

      JsonNode status = shim.status();
      assertEquals("external", status.path("slots").get(theirs).path("state").asText());
      assertEquals(ProcessHandle.current().pid(), status.path("slots").get(theirs).path("holder_pid").asLong(),
          "the in-process test daemon holds it");
      assertEquals("leased", status.path("slots").get(mine).path("state").asText());

      JsonNode refused = second.error("escarp_acquire", Map.of());
      assertEquals("pool_exhausted", refused.path("error").asText());
      assertTrue(refused.path("message").asText().contains("pid " + shim.process().pid()), refused.toString());

      broker.release(daemonLease.leaseToken()).orElseThrow();
      assertTrue(shim.release().path("released").asBoolean());
      assertEquals(mine, second.acquire(Map.of()).path("slot").asInt(), "the released slot is the lowest free one");
      second.release();
    }
  }
}
