package dev.escarp.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.HttpBrokerClient;
import dev.escarp.client.SlotRecord;
import dev.escarp.mcp.testing.RawShim;
import dev.escarp.mcp.testing.ShimClient;
import dev.escarp.mcp.testing.ShimCommand;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shim as an agent runs it, over a real daemon and two real browsers. */
class ShimOverDaemonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  static TestDaemon daemon;
  static BrokerClient broker;
  static Map<String, String> env;

  @BeforeAll
  static void startDaemon() throws Exception {
    // A short TTL, so that a test can outlive it and see the heartbeats keep the lease.
    daemon = TestDaemon.create(home, 2, Map.of("ESCARP_LEASE_TTL_S", "3")).start();
    broker = new HttpBrokerClient(URI.create("http://127.0.0.1:" + daemon.api().port()), Optional.empty(),
        Duration.ofSeconds(10));
    env = ShimCommand.withDaemon(home, daemon.api().port());
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @AfterEach
  void everySlotEndsFree() {
    await("both slots free again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> free(0) && free(1));
  }

  @Test
  void acquireWithAProfile_startsADelegatedLease_andItsRecordSaysSo() throws Exception {
    daemon.api().put("/profiles/mcp", "{\"cookies\": [{\"name\": \"sid\", \"value\": \"v\", \"domain\":"
        + " \"127.0.0.1\", \"path\": \"/\", \"expires\": -1, \"httpOnly\": false, \"secure\": false,"
        + " \"sameSite\": \"Lax\"}], \"origins\": []}");
    try (ShimClient shim = ShimClient.start(env)) {
      JsonNode unknown = shim.error("escarp_acquire", Map.of("profile", "nobody"));
      assertEquals("unknown_profile", unknown.path("error").asText());

      JsonNode lease = shim.acquire(Map.of("profile", "mcp"));
      assertEquals("delegated", lease.path("tier").asText());
      assertEquals("mcp", lease.path("profile").asText());
      assertEquals("clean", lease.path("reset_policy").asText());
      shim.release();
    }
  }

  @Test
  void initializeListAcquireStatusRelease_overStdioAgainstARealDaemon() throws Exception {
    try (ShimClient shim = ShimClient.start(env)) {
      List<McpSchema.Tool> tools = shim.mcp().listTools().tools();
      assertEquals(Set.of("escarp_status", "escarp_acquire", "escarp_release"),
          tools.stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));
      for (McpSchema.Tool tool : tools) {
        assertEquals("object", tool.inputSchema().get("type"), tool.name());
        assertTrue(tool.outputSchema() != null && tool.outputSchema().containsKey("properties"), tool.name());
      }

      JsonNode unknown = shim.error("escarp_acquire", Map.of("slot", 9));
      assertEquals("unknown_slot", unknown.path("error").asText(), "a bad slot is a tool error, not a protocol one");

      JsonNode lease = shim.acquire(Map.of());
      int slot = lease.path("slot").asInt();
      int cdpPort = daemon.pool().slot(slot).cdpPort();
      assertEquals("daemon", lease.path("mode").asText());
      assertEquals(cdpPort, lease.path("cdp_port").asInt());
      String ws = ((ProbeResult.Found) daemon.pool().probe().probe(cdpPort)).browser().webSocketDebuggerUrl().toString();
      String relayed = lease.path("cdp_ws_url").asText();
      assertTrue(relayed.contains("/cdp/") && relayed.endsWith(ws.substring(ws.indexOf("/devtools/"))),
          "the lease's own endpoint, relayed to the slot's live browser: " + relayed);
      assertEquals(relayed.substring("ws://".length(), relayed.indexOf("/devtools/")),
          lease.path("cdp_http_url").asText().substring("http://".length()));
      assertTrue(lease.path("expires_at").isNumber());
      assertEquals(1.0, lease.path("auto_heartbeat_interval_s").asDouble(), 0.01, "TTL/3 of a 3 s TTL");
      assertEquals(3000 + 10 * slot, lease.path("dev_ports").path("frontend").asInt());
      assertTrue(lease.path("dev_ports").has("backend") && lease.path("dev_ports").has("postgres"));
      assertTrue(lease.has("cua_app_bundle_id") && lease.has("os_window_id"), "window and app identity fields");
      assertTrue(lease.path("notes").toString().contains("connectOverCDP"), lease.path("notes").toString());
      String holder = lease.path("holder").asText();
      assertTrue(holder.contains("escarp-test-agent") && holder.contains("pid " + shim.process().pid()), holder);

      JsonNode status = shim.status();
      assertEquals(slot, status.path("currently_holding_slot").asInt());
      JsonNode shown = status.path("slots").get(slot);
      assertEquals("leased", shown.path("state").asText());
      assertEquals(holder, shown.path("holder").asText());
      assertTrue(shown.path("held_by_this_session").asBoolean());
      assertEquals(holder, broker.status().orElseThrow().slot(slot).orElseThrow().holder().orElseThrow());

      JsonNode again = shim.acquire(Map.of());
      assertTrue(again.path("already_holding").asBoolean(), "one lease per session");
      assertEquals(slot, again.path("slot").asInt());

      JsonNode released = shim.release();
      assertTrue(released.path("released").asBoolean());
      assertEquals(slot, released.path("slot").asInt());
      assertTrue(released.path("reset").asText().contains("daemon resets"), released.toString());
      assertTrue(shim.status().path("currently_holding_slot").isNull());
      assertFalse(shim.release().path("released").asBoolean(), "releasing twice is harmless");
    }
  }

  @Test
  void twoShimsGetDifferentSlots_andAThirdIsToldThePoolIsFull() {
    try (ShimClient a = ShimClient.start(env); ShimClient b = ShimClient.start(env); ShimClient c = ShimClient.start(env)) {
      int first = a.acquire(Map.of()).path("slot").asInt();
      int second = b.acquire(Map.of()).path("slot").asInt();
      assertNotEquals(first, second);

      JsonNode refused = c.error("escarp_acquire", Map.of());
      assertEquals("pool_exhausted", refused.path("error").asText());
      assertTrue(refused.path("message").asText().contains("No browser is free"), refused.toString());
      assertTrue(refused.path("retry_after_s").asDouble() > 0, "retry advice: " + refused);
      assertTrue(c.status().path("currently_holding_slot").isNull());
    }
  }

  @Test
  void aKilledShim_freesItsSlotWithinOneSecond() throws Exception {
    ShimClient shim = ShimClient.start(env);
    try {
      int slot = shim.acquire(Map.of()).path("slot").asInt();
      long killed = System.nanoTime();
      shim.process().destroyForcibly();
      await("slot " + slot + " free").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
          .until(() -> free(slot));
      Duration took = Duration.ofNanos(System.nanoTime() - killed);
      assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "freed after " + took.toMillis() + " ms");
    } finally {
      shim.close();
    }
  }

  @Test
  void closingStdin_releasesTheLease_andTheShimExitsCleanly() throws Exception {
    try (RawShim raw = RawShim.start(env)) {
      raw.initialize();
      JsonNode result = raw.callTool("escarp_acquire", Map.of("holder", "stdin-test"));
      int slot = result.path("structuredContent").path("slot").asInt();
      assertEquals("stdin-test", broker.status().orElseThrow().slot(slot).orElseThrow().holder().orElseThrow());

      raw.closeStdin();
      assertTrue(raw.process().waitFor(10, TimeUnit.SECONDS), "the shim exits when its client goes away");
      assertEquals(0, raw.process().exitValue());
      assertTrue(raw.stderr().contains("releasing slot " + slot), raw.stderr());
      await("slot " + slot + " free").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
          .until(() -> free(slot));
      for (String line : raw.stdoutLines()) {
        assertEquals("2.0", JSON.readTree(line).path("jsonrpc").asText(), "stdout carries JSON-RPC only: " + line);
      }
    }
  }

  @Test
  void heartbeats_keepTheLeasePastItsTtl() throws Exception {
    try (ShimClient shim = ShimClient.start(env)) {
      JsonNode lease = shim.acquire(Map.of());
      int slot = lease.path("slot").asInt();
      // 1.5 TTLs: without heartbeats the daemon would have reclaimed it
      await("the lease stays held by heartbeats for 1.5 TTLs").during(Duration.ofMillis(4_500))
          .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
          .until(() -> broker.status().orElseThrow().slot(slot).orElseThrow().state().equals("leased"));

      SlotRecord record = broker.status().orElseThrow().slot(slot).orElseThrow();
      assertEquals("leased", record.state());
      assertEquals(lease.path("holder").asText(), record.holder().orElseThrow());
      assertTrue(record.expiresAt().getAsDouble() > lease.path("expires_at").asDouble(), "expiry moved on");
      JsonNode status = shim.status();
      assertEquals(slot, status.path("currently_holding_slot").asInt());
      assertTrue(status.path("lease_lost").isNull());
      shim.release();
    }
  }

  private static boolean free(int slot) {
    return broker.status().value().flatMap(s -> s.slot(slot)).map(r -> r.state().equals("free")).orElse(false);
  }
}
