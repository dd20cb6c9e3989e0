package dev.escarp.broker.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot whose lock file cannot be opened (a folder where {@code locks/slot-1.lock} should be)
 * is unhealthy with the reason; the daemon starts and serves the other slots, the health sweep
 * does not put the slot back while the lock file stays unusable, and does once it is mended.
 */
class UnusableLockFileTest {

  @TempDir Path home;
  private TestDaemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void aFolderWhereALockFileShouldBe_makesThatSlotUnhealthy_andTheDaemonServesTheRest() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of("ESCARP_HEALTH_INTERVAL_S", "0.1"));
    Path lockFile = daemon.pool().slot(1).lockFile();
    Files.createDirectories(lockFile.resolve("in-the-way"));

    ApiClient api = daemon.start().api();

    JsonNode slot1 = slot(api, 1);
    assertEquals("unhealthy", slot1.get("state").asText(), slot1.toString());
    assertTrue(slot1.get("problem").asText().contains(lockFile.toString()), slot1.toString());
    assertEquals("free", slot(api, 0).get("state").asText());

    Reply named = api.post("/acquire", "{\"holder\": \"wants-1\", \"slot\": 1}");
    assertTrue(named.status() >= 400 && named.status() < 500, named.toString());
    Reply any = api.post("/acquire", "{\"holder\": \"any\"}");
    assertEquals(200, any.status(), any.toString());
    assertEquals(0, any.json().get("slot").asInt());
    api.post("/release", "{\"lease_token\": \"" + any.json().get("lease_token").asText() + "\"}");

    // The browser of slot 1 answers every sweep; that alone does not put the slot back.
    await("slot 1 staying unhealthy across sweeps").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> slot(api, 1).get("state").asText().equals("unhealthy"));

    Files.delete(lockFile.resolve("in-the-way"));
    Files.delete(lockFile);
    await("slot 1 back in service once its lock file can be made").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> slot(api, 1).get("state").asText().equals("free"));
  }

  private static JsonNode slot(ApiClient api, int index) {
    return api.get("/status").json().get("slots").get(index);
  }
}
