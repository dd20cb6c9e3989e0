package dev.escarp.broker.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lease_id}: in every record of a lease, never the token, and the same after a daemon restart. */
class LeaseIdRoutesTest {

  @TempDir static Path home;
  private static TestDaemon daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 1, Map.of()).start();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void leaseId_isInTheAcquireHeartbeatAndStatusRecords_survivesARestart_andTheTokenNeverIsPublic() throws Exception {
    Reply acquired = daemon.api().post("/acquire", "{\"holder\": \"ids\"}");
    assertEquals(200, acquired.status(), acquired.toString());
    String token = acquired.json().get("lease_token").asText();
    String leaseId = acquired.json().get("lease_id").asText();
    assertTrue(leaseId.matches("[0-9a-f]{32}"), leaseId);
    assertFalse(token.contains(leaseId) || leaseId.contains(token));

    Reply beat = daemon.api().post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(leaseId, beat.json().get("lease_id").asText());
    Reply status = daemon.api().get("/status");
    assertEquals(leaseId, status.json().get("slots").get(0).get("lease_id").asText());
    assertTrue(status.json().get("slots").get(0).get("approval").isNull(), status.body());
    assertFalse(status.body().contains(token), "the token is not in the public form");

    daemon.stopDaemon();
    daemon.start();

    JsonNode restored = daemon.api().get("/status").json().get("slots").get(0);
    assertEquals("leased", restored.get("state").asText());
    assertEquals(leaseId, restored.get("lease_id").asText());
    Reply again = daemon.api().post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(leaseId, again.json().get("lease_id").asText(), again.toString());

    Reply released = daemon.api().post("/release", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, released.status(), released.toString());
    assertTrue(released.json().get("lease_id").isNull(), "a released slot has no lease id: " + released.body());
  }
}
