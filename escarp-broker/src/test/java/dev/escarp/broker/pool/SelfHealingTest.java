package dev.escarp.broker.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.discovery.ProbeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "nothing heals", against a real daemon and real Chromium: a browser that dies on its
 * own is relaunched on its slot, its holder is told, and a crash loop ends in {@code unhealthy}.
 */
class SelfHealingTest {

  @TempDir static Path home;
  private static TestDaemon daemon;
  private static ApiClient api;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 3, Map.of("ESCARP_HEALTH_INTERVAL_S", "0.2")).start();
    api = daemon.api();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close(); // stops the healer first; TestPool then ends relaunched browsers by their profile
    }
  }

  private static JsonNode slot(ApiClient client, int index) {
    return client.get("/status").json().get("slots").get(index);
  }

  private static long browserPid(TestDaemon d, int index) {
    await("slot " + index + "'s browser pid").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> slot(d.api(), index).get("pid").asLong() > 0);
    return slot(d.api(), index).get("pid").asLong();
  }

  private static void crash(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: a crash, not a stop
  }

  private static boolean answers(TestDaemon d, int index) {
    return d.pool().probe().probe(d.pool().slot(index).cdpPort()) instanceof ProbeResult.Found;
  }

  private static JsonNode heartbeat(String token) {
    Reply reply = api.post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  @Test
  void aLeasedSlotWhoseBrowserDies_isRelaunchedOnItsSlot_andItsHolderIsTold() {
    Reply acquired = api.post("/acquire", "{\"holder\": \"crash-victim\", \"slot\": 0}");
    assertEquals(200, acquired.status(), acquired.toString());
    String token = acquired.json().get("lease_token").asText();
    assertTrue(acquired.json().get("problem").isNull(), acquired.toString());
    String oldUrl = acquired.json().get("cdp_ws_url").asText();
    long before = browserPid(daemon, 0);

    crash(before);

    // Noticed within a second: the heartbeat says so (200 with problem null before issue 14).
    await("the holder being told").atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20))
        .until(() -> !heartbeat(token).get("problem").isNull());
    // Relaunched on the same port and profile, under the same lease.
    await("the browser being relaunched").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          JsonNode record = heartbeat(token);
          assertEquals("browser_restarted", record.get("problem").asText(), record.toString());
          assertEquals(1, record.get("browser_restarts").asInt(), record.toString());
        });
    assertTrue(answers(daemon, 0), "the slot's port answers again");
    String newUrl = heartbeat(token).get("cdp_ws_url").asText();
    String own = ((ProbeResult.Found) daemon.pool().probe()
        .probe(daemon.pool().slot(0).cdpPort())).browser().webSocketDebuggerUrl().toString();
    assertTrue(newUrl.endsWith(own.substring(own.indexOf("/devtools/browser/"))) && !newUrl.equals(oldUrl),
        "the holder's relayed URL leads to the new browser: " + oldUrl + " -> " + newUrl + " (" + own + ")");
    List<Long> now = daemon.pool().processes().processesOf(daemon.pool().slot(0).profileDir());
    assertTrue(!now.isEmpty() && !now.contains(before), "a new browser runs on the slot's profile: " + now);
    JsonNode status = slot(api, 0);
    assertEquals("leased", status.get("state").asText(), status.toString());
    assertEquals("browser_restarted", status.get("problem").asText(), status.toString());
    assertEquals(1, status.get("browser_restarts").asInt(), status.toString());

    Reply released = api.post("/release", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, released.status(), released.toString());
    Reply next = api.post("/acquire", "{\"holder\": \"next\", \"slot\": 0, \"wait_s\": 10}");
    assertEquals(200, next.status(), next.toString());
    assertTrue(next.json().get("problem").isNull(), "a new lease starts without the old one's news: " + next);
    assertEquals(0, next.json().get("browser_restarts").asInt(), next.toString());
    api.post("/release", "{\"lease_token\": \"" + next.json().get("lease_token").asText() + "\"}");
  }

  @Test
  void aFreeSlotWhoseBrowserDies_isRelaunched_andStaysInService() {
    long before = browserPid(daemon, 1);

    crash(before);

    await("slot 1's browser being relaunched").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          JsonNode s = slot(api, 1);
          assertEquals("free", s.get("state").asText(), s.toString());
          assertTrue(s.get("pid").asLong() > 0 && s.get("pid").asLong() != before, s.toString());
          assertTrue(answers(daemon, 1));
        });
    // A fresh browser may still be slow to answer on a loaded machine; it is back in service soon.
    Reply acquired = await("slot 1 leased again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> api.post("/acquire", "{\"holder\": \"after-heal\", \"slot\": 1}"), r -> r.status() == 200);
    api.post("/release", "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}");
  }

  @Test
  void aSlotTakenOutOfThePool_isNotRelaunched() {
    long pid = browserPid(daemon, 2);
    Reply removed = api.post("/pool/remove", "{\"slot\": 2}");
    assertEquals(200, removed.status(), removed.toString());

    crash(pid); // as escarp pool remove does after the daemon let go of the slot

    await("slot 2 staying down").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .pollInterval(Duration.ofMillis(100)).until(() -> !answers(daemon, 2));
  }

  @Test
  void aBrowserThatKeepsDying_backsOff_andEndsUnhealthyWithTheReason(@TempDir Path other) throws Exception {
    Path attempts = other.resolve("attempts.log");
    Path broken = other.resolve("broken-chrome");
    Files.writeString(broken, "#!/bin/sh\ndate +%s.%N >> '" + attempts + "'\nexit 1\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
    // The pool's browsers start with the real binary; the daemon relaunches with one that cannot start.
    try (TestDaemon looping = TestDaemon.create(other.resolve("home"), 1,
        Map.of("ESCARP_HEALTH_INTERVAL_S", "0.1", "ESCARP_CHROME", broken.toString())).start()) {
      crash(browserPid(looping, 0));

      await("slot 0 being given up on").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .untilAsserted(() -> {
            JsonNode s = slot(looping.api(), 0);
            assertEquals("unhealthy", s.get("state").asText(), s.toString());
            assertTrue(s.get("problem").asText().contains("keeps dying"), s.toString());
          });
      assertTrue(slot(looping.api(), 0).get("problem").asText().contains("exited with status 1"),
          slot(looping.api(), 0).toString());
      List<Double> times = Files.readAllLines(attempts).stream().map(Double::parseDouble).toList();
      assertEquals(4, times.size(), "one death, then four failed launches: " + times);
      for (int i = 1; i < times.size(); i++) {
        double gap = times.get(i) - times.get(i - 1);
        double expected = Math.pow(2, i - 1); // 1 s, 2 s, 4 s
        assertTrue(gap >= expected * 0.9, "attempt " + i + " came " + gap + " s after the one before: " + times);
      }
      await("no more attempts").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
          .until(() -> Files.readAllLines(attempts).size() == 4);
    }
  }
}
