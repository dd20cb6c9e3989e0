package dev.escarp.broker.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.Tabs;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.lease.JournalFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a real process: SIGKILL and restart, SIGTERM. Browsers outlive it every time. */
class DaemonProcessTest {

  @TempDir static Path home;
  private static TestPool pool;
  private static Map<String, String> env;
  private final List<Process> daemons = new ArrayList<>();

  @BeforeAll
  static void launchBrowsers() {
    pool = TestPool.create(home, 2);
    pool.launchAll();
    new PoolConfigStore(pool.home()).save(PoolConfig.defaults().withPoolSize(2).withCdpBase(pool.layout().cdpBase()));
    env = TestDaemon.environment(pool, Map.of());
  }

  @AfterAll
  static void stopBrowsers() {
    if (pool != null) {
      pool.close();
    }
  }

  @AfterEach
  void killDaemons() {
    for (Process p : daemons) {
      p.destroyForcibly();
      p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  /** Starts {@code DaemonMain} in a child JVM and waits until it serves. */
  private Process startDaemon() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), DaemonMain.class.getName());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process p = builder.start();
    daemons.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains("escarp daemon serving on")) {
        Thread drain = new Thread(() -> {
          try {
            out.transferTo(Writer.nullWriter());
          } catch (IOException ignored) {
            // the daemon went away
          }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new AssertionError("daemon exited before serving:\n" + seen);
  }

  private static ApiClient api() {
    return new ApiClient(Integer.parseInt(env.get("ESCARP_API_PORT")));
  }



  @Test
  void sigkilledDaemon_restarts_withTheSameLeasesTokensAndTabs() throws Exception {
    Process first = startDaemon();
    Reply acquired = api().post("/acquire", "{\"holder\": \"survivor\", \"slot\": 1}");
    assertEquals(200, acquired.status(), acquired.toString());
    String token = acquired.json().get("lease_token").asText();
    int port = acquired.json().get("cdp_port").asInt();
    Tabs.open(port, "data:text/html,work-in-progress");

    first.destroyForcibly(); // SIGKILL: no shutdown hook runs
    first.onExit().get(10, TimeUnit.SECONDS);
    for (int s = 0; s < 2; s++) {
      assertTrue(pool.probe().probe(pool.slot(s).cdpPort()) instanceof ProbeResult.Found,
          "browser " + s + " outlives the daemon");
    }

    startDaemon();
    Reply beat = api().post("/heartbeat", "{\"lease_token\": \"" + token + "\"}");
    assertEquals(200, beat.status(), beat.toString());
    assertEquals("survivor", beat.json().get("holder").asText());
    assertTrue(Tabs.pageUrls(port).contains("data:text/html,work-in-progress"), "the leased tab was not touched");
    JsonNode slot1 = api().get("/status").json().get("slots").get(1);
    assertEquals("leased", slot1.get("state").asText());
    assertEquals(200, api().post("/release", "{\"lease_token\": \"" + token + "\"}").status());
  }

  @Test
  void unwritableJournal_refusesAcquireAndReleaseWith507_andASigkillLosesNothingAcknowledged() throws Exception {
    Process first = startDaemon();
    await("both slots free").atMost(Duration.ofSeconds(15)).until(() -> {
      JsonNode all = api().get("/status").json().get("slots");
      return all.get(0).get("state").asText().equals("free") && all.get(1).get("state").asText().equals("free");
    });
    Reply acquired = api().post("/acquire", "{\"holder\": \"kept\", \"slot\": 0}");
    assertEquals(200, acquired.status(), acquired.toString());
    String token = "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}";
    List<Path> copies = JournalFiles.copies(pool.home().leaseJournalFile());
    // A full disk keeps the last journal written and refuses new ones. Here: keep the bytes of
    // both copies and put a non-empty directory where each is written (fails even for root).
    List<byte[]> lastSaved = new ArrayList<>();
    for (Path copy : copies) {
      lastSaved.add(Files.readAllBytes(copy));
      Files.delete(copy);
      Files.createDirectories(copy.resolve("in-the-way"));
    }

    Reply release = api().post("/release", token);
    assertEquals(507, release.status(), release.toString());
    assertEquals("journal_unwritable", release.error());
    assertTrue(release.json().get("message").asText().contains("still active"), release.toString());
    Reply refused = api().post("/acquire", "{\"holder\": \"unsaved\"}");
    assertEquals(507, refused.status(), refused.toString());
    assertEquals("journal_unwritable", refused.error());
    assertEquals(200, api().post("/heartbeat", token).status(), "heartbeats are written behind");
    JsonNode health = api().get("/healthz").json();
    assertEquals("degraded", health.get("status").asText(), health.toString());
    assertTrue(health.get("ok").asBoolean());
    String metrics = api().get("/metrics").body();
    assertTrue(metrics.contains("escarp_journal_writable 0"), metrics);
    assertFalse(metrics.contains("escarp_journal_write_failures_total 0\n"), metrics);
    JsonNode slots = api().get("/status").json().get("slots");
    assertEquals("leased", slots.get(0).get("state").asText());
    assertEquals("free", slots.get(1).get("state").asText(), "the refused acquire left the slot free");

    first.destroyForcibly(); // SIGKILL
    first.onExit().get(10, TimeUnit.SECONDS);
    for (int i = 0; i < copies.size(); i++) {
      Files.delete(copies.get(i).resolve("in-the-way"));
      Files.delete(copies.get(i));
      Files.write(copies.get(i), lastSaved.get(i)); // the disk as the crash left it, with room again
    }
    startDaemon();

    Reply beat = api().post("/heartbeat", token);
    assertEquals(200, beat.status(), "the release that answered 507 did not happen: " + beat);
    assertEquals("kept", beat.json().get("holder").asText());
    assertEquals("free", api().get("/status").json().get("slots").get(1).get("state").asText());
    assertEquals("ok", api().get("/healthz").json().get("status").asText());
    assertEquals(200, api().post("/release", token).status());
    assertEquals(404, api().post("/heartbeat", token).status());
  }

  @Test
  void sigterm_stopsCleanlyWithExitZero_keepsTheJournal_andLeavesBrowsersRunning() throws Exception {
    Process daemon = startDaemon();
    Reply acquired = api().post("/acquire", "{\"holder\": \"kept\"}");
    assertEquals(200, acquired.status());

    daemon.destroy(); // SIGTERM

    assertTrue(daemon.waitFor(15, TimeUnit.SECONDS));
    assertEquals(0, daemon.exitValue());
    for (Path copy : JournalFiles.copies(pool.home().leaseJournalFile())) {
      assertTrue(Files.readString(copy).contains("kept"), copy + " holds the lease");
    }
    assertTrue(Files.notExists(pool.home().daemonPidFile()), "the pid file goes with the daemon");
    for (int s = 0; s < 2; s++) {
      assertTrue(pool.probe().probe(pool.slot(s).cdpPort()) instanceof ProbeResult.Found);
    }
    startDaemon();
    assertEquals(200, api().post("/release", "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}").status());
  }
}
