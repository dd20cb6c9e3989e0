package dev.escarp.broker.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.launch.SlotStopper;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health sweep on a daemon that also requires a bearer token. */
class HealthSweepTest {

  @TempDir static Path home;
  private static TestDaemon daemon;
  private static ApiClient api;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of("ESCARP_HEALTH_INTERVAL_S", "0.1", "ESCARP_API_TOKEN", "t0ken",
        "ESCARP_SELF_HEAL", "off")).start();
    api = daemon.api();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static Reply authorized(String path) {
    return api.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer t0ken").GET());
  }

  private static JsonNode slot(int index) {
    return authorized("/status").json().get("slots").get(index);
  }

  private static void awaitState(int index, String state) {
    await("slot " + index + " becoming " + state).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          JsonNode slot = slot(index);
          assertEquals(state, slot.get("state").asText(), slot.toString());
        });
  }

  @Test
  void everyRoute_needsTheBearerToken() {
    for (String path : new String[] {"/status", "/healthz", "/metrics", "/reaped"}) {
      Reply refused = api.get(path);
      assertEquals(401, refused.status(), path);
      assertEquals("unauthorized", refused.error());
      assertEquals(200, authorized(path).status(), path);
    }
    assertEquals(401, api.post("/acquire", "{\"holder\": \"a\"}").status());
  }

  @Test
  void aFreeSlotWhoseBrowserDies_becomesUnhealthy_andReturnsWhenItAnswersAgain() throws Exception {
    new SlotStopper(daemon.pool().processes(), Duration.ofSeconds(3)).stop(daemon.pool().slot(1), false);

    awaitState(1, "unhealthy");
    assertTrue(slot(1).get("problem").asText().contains("not answering"), slot(1).toString());
    assertEquals("free", slot(0).get("state").asText(), "the other slot is untouched");

    daemon.pool().requireLaunched(daemon.pool().launcher().launch(daemon.pool().slot(1)));

    awaitState(1, "free");
    assertTrue(slot(1).get("problem").isNull(), slot(1).toString());
  }
}
