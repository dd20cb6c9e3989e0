package dev.escarp.broker.pool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.testing.TestPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What healing keeps: a relaunched browser runs with the command line the dead one had (its extra
 * flags), a browser that runs but stopped answering is ended and relaunched, and a lease's news of
 * its browser's restarts survives a daemon restart. Real daemon, real Chromium.
 */
class HealingKeepsTheBrowserAndItsNewsTest {

  private static final String AGENT = "escarp-heal-test";

  @TempDir static Path home;
  private static TestDaemon daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.createWithoutBrowsers(home, 3, Map.of("ESCARP_BROWSER_HANG_S", "2"));
    TestPool pool = daemon.pool();
    // Slot 0 as a user may have launched it: with a flag of their own, which /json/version shows.
    BrowserLauncher withFlag = new BrowserLauncher(new BinaryLocator(pool.host(), pool.home(), Optional.empty()),
        pool.probe(), pool.processes(), pool.host(), LaunchOptions.defaults().withExtraArgs(List.of("--user-agent=" + AGENT)));
    pool.requireLaunched(withFlag.launch(pool.slot(0)));
    pool.requireLaunched(pool.launcher().launch(pool.slot(1)));
    pool.requireLaunched(pool.launcher().launch(pool.slot(2)));
    daemon.start();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static JsonNode slot(int index) {
    return daemon.api().get("/status").json().get("slots").get(index);
  }

  private static long browserPid(int index) {
    await("slot " + index + "'s browser pid").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> slot(index).get("pid").asLong() > 0);
    return slot(index).get("pid").asLong();
  }

  private static Optional<String> userAgent(int index) {
    ProbeResult r = daemon.pool().probe().probe(daemon.pool().slot(index).cdpPort());
    return r instanceof ProbeResult.Found found ? Optional.of(found.browser().userAgent()) : Optional.empty();
  }

  private static JsonNode heartbeat(String token) {
    Reply reply = daemon.api().post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static String acquire(int slot, String holder) {
    return acquireRecord(slot, holder).get("lease_token").asText();
  }

  private static JsonNode acquireRecord(int slot, String holder) {
    Reply acquired = await("slot " + slot + " leased").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> daemon.api().post("/acquire", "{\"holder\": \"" + holder + "\", \"slot\": " + slot + "}"),
            r -> r.status() == 200);
    return acquired.json();
  }

  /** The browser endpoint the lease's relayed {@code /json/version} names: its path names the browser. */
  private static String relayedBrowserId(JsonNode lease) {
    Reply version = daemon.api().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(lease.get("cdp_http_url").asText() + "/json/version")).GET());
    assertEquals(200, version.status(), version.toString());
    String url = version.json().get("webSocketDebuggerUrl").asText();
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static String ownBrowserId(int index) {
    ProbeResult r = daemon.pool().probe().probe(daemon.pool().slot(index).cdpPort());
    String url = ((ProbeResult.Found) r).browser().webSocketDebuggerUrl().toString();
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static void awaitRestarted(String token, int restarts) {
    await("the holder told of restart " + restarts).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> {
          JsonNode record = heartbeat(token);
          assertEquals("browser_restarted", record.get("problem").asText(), record.toString());
          assertEquals(restarts, record.get("browser_restarts").asInt(), record.toString());
        });
  }

  @Test
  void aRelaunchedBrowser_runsWithTheFlagsTheDeadOneHad() {
    assertEquals(Optional.of(AGENT), userAgent(0));
    long before = browserPid(0);

    ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly); // a crash

    await("slot 0's browser relaunched").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
        .until(() -> slot(0).get("pid").asLong() > 0 && slot(0).get("pid").asLong() != before
            && userAgent(0).isPresent());
    assertEquals(Optional.of(AGENT), userAgent(0), "the relaunch kept the flag the browser was started with");
  }

  @Test
  void aLeasedSlotWhoseBrowserRunsButStopsAnswering_isEndedAndRelaunched_andItsHolderIsTold() throws Exception {
    JsonNode lease = acquireRecord(1, "hang-victim");
    String token = lease.get("lease_token").asText();
    long before = browserPid(1);
    String oldBrowser = relayedBrowserId(lease);
    assertEquals(ownBrowserId(1), oldBrowser);

    // SIGSTOP: the process lives on, but answers nothing (a deadlock looks the same from outside).
    assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(before)).start().waitFor());

    awaitRestarted(token, 1);
    assertTrue(ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true), "the hung browser was ended");
    assertNotEquals(before, browserPid(1));
    assertTrue(userAgent(1).isPresent(), "the slot answers again");
    // The relay's /json/version names the new browser, never the dead one it answered for before.
    assertNotEquals(oldBrowser, ownBrowserId(1));
    assertEquals(ownBrowserId(1), relayedBrowserId(lease));
    daemon.api().post("/release", "{\"lease_token\": \"" + token + "\"}");
  }

  @Test
  void aLeasesBrowserRestarts_areStillToldAfterTheDaemonRestarts() throws Exception {
    String token = acquire(2, "restart-survivor");
    long before = browserPid(2);
    ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly);
    awaitRestarted(token, 1);

    daemon.stopDaemon();
    daemon.start();

    JsonNode record = heartbeat(token);
    assertEquals("browser_restarted", record.get("problem").asText(), record.toString());
    assertEquals(1, record.get("browser_restarts").asInt(), record.toString());
    assertEquals(1, slot(2).get("browser_restarts").asInt(), slot(2).toString());
    daemon.api().post("/release", "{\"lease_token\": \"" + token + "\"}");
  }
}
