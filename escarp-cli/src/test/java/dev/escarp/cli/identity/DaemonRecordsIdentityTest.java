package dev.escarp.cli.identity;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.DaemonPerClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daemon's records carry the per-slot OS identity that escarp-macos provides through core's
 * identity SPI. Lives here, not in escarp-broker, because only this module has both the daemon and
 * the provider on its class path (the broker's own RoutesTest checks the fields are there, null,
 * when no provider is installed).
 */
class DaemonRecordsIdentityTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(2);

  @Test
  void aSlotWithAPerSlotApp_carriesItsIdentityInStatusAndInItsLease() throws Exception {
    Path plist = daemon.daemon().pool().home().cuaAppsDir().resolve("Escarp Chrome Slot 1.app/Contents/Info.plist");
    Files.createDirectories(plist.getParent());
    Files.writeString(plist, "<plist/>");
    try {
      // Identities are re-read every 2 s.
      JsonNode shown = await("slot 1's app in /status").atMost(Duration.ofSeconds(10))
          .until(() -> daemon.api().get("/status").json().get("slots").get(1),
              slot -> slot.path("cua_app_bundle_id").asText().equals("dev.escarp.chrome.slot1"));
      assertEquals("dev.escarp.chrome.slot1", shown.path("cua_app_bundle_id").asText(), shown.toString());
      assertEquals("Escarp Chrome Slot 1", shown.path("cua_app_name").asText());
      assertTrue(daemon.api().get("/status").json().get("slots").get(0).path("cua_app_bundle_id").isNull(),
          "a slot without an app keeps null identity fields");

      JsonNode lease = acquire("{\"holder\": \"cua\", \"slot\": 1}");
      assertEquals("dev.escarp.chrome.slot1", lease.path("cua_app_bundle_id").asText());
      release(lease);
    } finally {
      Files.delete(plist);
    }
    await("a removed app leaves the records within the refresh interval").atMost(Duration.ofSeconds(10))
        .until(() -> daemon.api().get("/status").json().get("slots").get(1).path("cua_app_bundle_id").isNull());
  }

  private static JsonNode acquire(String body) {
    Reply reply = daemon.api().post("/acquire", body);
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static void release(JsonNode lease) {
    Reply reply = daemon.api().post("/release", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
    assertEquals(200, reply.status(), reply.toString());
  }
}
