package dev.escarp.broker.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.launch.SlotStopper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 against a real daemon and real Chromium: a slot that is only resetting is about to be
 * free, and a slot whose browser does not answer is never handed out.
 */
class AcquireHonestyTest {

  @TempDir static Path home;
  private static TestDaemon daemon;
  private static ApiClient api;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of("ESCARP_HEALTH_INTERVAL_S", "0.2", "ESCARP_SELF_HEAL", "off")).start();
    api = daemon.api();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static JsonNode acquire(String holder) {
    Reply reply = api.post("/acquire", "{\"holder\": \"" + holder + "\"}");
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static void release(JsonNode lease) {
    Reply reply = api.post("/release", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
    assertEquals(200, reply.status(), reply.toString());
  }

  private static JsonNode slot(ApiClient client, int index) {
    return client.get("/status").json().get("slots").get(index);
  }

  private static void awaitState(int index, String state) {
    await("slot " + index + " becoming " + state).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertEquals(state, slot(api, index).get("state").asText(), slot(api, index).toString()));
  }

  @Test
  void releaseThenAcquireAtOnce_onAFullPool_getsTheSlotOnceItIsReset() {
    awaitState(0, "free");
    awaitState(1, "free");
    for (int round = 0; round < 3; round++) {
      JsonNode a = acquire("a");
      JsonNode b = acquire("b");
      release(a);

      JsonNode again = acquire("a-again"); // no wait_s: 409 pool_exhausted before issue 14

      assertEquals(a.get("slot").asInt(), again.get("slot").asInt());
      release(b);
      release(again);
    }
  }

  @Test
  void aFreeSlotWhoseBrowserDied_isNotHandedOut_andIsReportedUnhealthy() throws Exception {
    awaitState(0, "free");
    awaitState(1, "free");
    new SlotStopper(daemon.pool().processes(), Duration.ofSeconds(3)).stop(daemon.pool().slot(0), false);

    JsonNode lease = acquire("after-the-crash"); // slot 0 with a dead cdp_ws_url before issue 14
    JsonNode dead = slot(api, 0);
    // Put the pool back before asserting, so a failure here leaves the other tests a whole pool.
    release(lease);
    daemon.pool().requireLaunched(daemon.pool().launcher().launch(daemon.pool().slot(0)));

    assertEquals(1, lease.get("slot").asInt(), lease.toString());
    assertEquals("unhealthy", dead.get("state").asText(), dead.toString());
    assertTrue(dead.get("problem").asText().contains("not answering"), dead.toString());
    awaitState(0, "free"); // the health sweep brings it back once it answers
  }

  @Test
  void aBrowserThatAnsweredAMomentAgoAndThenDied_isNotHandedOut() throws Exception {
    awaitState(0, "free");
    awaitState(1, "free");
    release(acquire("checks-slot-0")); // slot 0's browser answered just now: the next grant may trust it
    awaitState(0, "free");
    new SlotStopper(daemon.pool().processes(), Duration.ofSeconds(3)).stop(daemon.pool().slot(0), false);

    JsonNode lease = acquire("right-after-the-crash"); // within the readiness check's trust, by its pid
    JsonNode dead = slot(api, 0);
    release(lease);
    daemon.pool().requireLaunched(daemon.pool().launcher().launch(daemon.pool().slot(0)));

    assertEquals(1, lease.get("slot").asInt(), lease.toString());
    assertEquals("unhealthy", dead.get("state").asText(), dead.toString());
    awaitState(0, "free");
  }

  @Test
  void aDaemonWithNoBrowsers_handsOutNothing(@TempDir Path empty) throws Exception {
    try (TestDaemon bare = TestDaemon.createWithoutBrowsers(empty, 2, Map.of()).start()) {
      Reply refused = bare.api().post("/acquire", "{\"holder\": \"hopeful\"}");

      assertEquals(409, refused.status(), refused.toString()); // 200 with cdp_ws_url null before issue 14
      assertEquals("pool_exhausted", refused.error());
      for (int index = 0; index < 2; index++) {
        JsonNode s = slot(bare.api(), index);
        assertEquals("unhealthy", s.get("state").asText(), s.toString());
        assertTrue(s.get("problem").asText().contains("not answering"), s.toString());
      }
    }
  }
}
