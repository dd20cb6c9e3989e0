package dev.escarp.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cli.testing.CliHarness;
import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.files.PoolConfigStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escarp command against a real daemon (started by {@code escarp up} in the background) and
 * real Chromium. Tests share one pool of two slots and leave it free; the last ones reshape it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscarpCliEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final VersionProbe PROBE = VersionProbe.create(Duration.ofMillis(500));

  @TempDir static Path home;
  static CliHarness cli;

  @BeforeAll
  static void up() {
    cli = new CliHarness(home, 4);
    CliHarness.Result up = cli.run("up", "--pool-size", "2");
    assertEquals(0, up.exitCode(), up.toString());
    assertTrue(up.out().contains("2 launched / 0 skipped / 0 failed"), up.toString());
    assertTrue(up.out().contains("daemon started at"), up.toString());
  }

  @AfterAll
  static void down() {
    cli.close();
  }

  @AfterEach
  void everyTestLeavesThePoolFree() throws Exception {
    awaitFree();
  }

  @Test
  @Order(1)
  void up_againIsHarmless_skipsRunningBrowsers_andKeepsTheDaemon() {
    long pid = daemonPid();
    CliHarness.Result again = cli.run("up");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("0 launched / 2 skipped / 0 failed"), again.toString());
    assertTrue(again.out().contains("daemon already serving"), again.toString());
    assertEquals(pid, daemonPid());
  }

  @Test
  @Order(1)
  void launchPoolWithCuaApps_offMacos_warnsAndKeepsPlainSlots() {
    CliHarness.Result launched = cli.run("launch-pool", "--cua-apps");
    assertEquals(0, launched.exitCode(), launched.toString());
    assertTrue(launched.err().contains("only on macOS"), launched.err());
    assertTrue(launched.out().contains("0 launched / 2 skipped / 0 failed"), launched.out());
    assertFalse(new PoolConfigStore(cli.home()).loadFile().config().cuaApps());
  }

  @Test
  @Order(2)
  void console_printsTheConsoleUrlOfTheRunningDaemon_whichServesThePage() throws Exception {
    java.util.Map<String, String> noDesktop = new java.util.HashMap<>(cli.env());
    noDesktop.put("DISPLAY", "");
    noDesktop.put("WAYLAND_DISPLAY", "");
    CliHarness.Result result = cli.run(noDesktop, "console");
    assertEquals(0, result.exitCode(), result.toString());
    String url = result.out().trim();
    assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/"), result.toString());
    java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<title>escarp console</title>"), page.body());
  }

  @Test
  @Order(2)
  void status_showsATable_andJsonOnRequest() throws Exception {
    CliHarness.Result table = cli.run("status");
    assertEquals(0, table.exitCode(), table.toString());
    assertTrue(table.out().startsWith("SLOT"), table.out());
    assertTrue(table.out().contains("2 slots, 0 leased"), table.out());

    CliHarness.Result json = cli.run("status", "--json");
    JsonNode parsed = JSON.readTree(json.out());
    assertEquals(2, parsed.path("pool_size").asInt());
    assertEquals(cli.cdpBase() + 1, parsed.path("slots").get(1).path("cdp_port").asInt());
  }

  @Test
  @Order(3)
  void acquire_printsTheSlot_keepsTheTokenPrivate_andReleaseMineGivesItBack() throws Exception {
    CliHarness.Result acquired = cli.run("acquire", "--holder", "alice");
    assertEquals(0, acquired.exitCode(), acquired.toString());
    assertTrue(acquired.out().contains("slot 0 leased to alice"), acquired.out());
    assertTrue(acquired.out().contains("cdp_port:   " + cli.cdpBase()), acquired.out());
    assertTrue(acquired.out().contains("/cdp/"), "the lease's own relayed endpoint: " + acquired.out());

    Path leases = cli.home().leasesFile();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(leases)));
    String token = JSON.readTree(leases.toFile()).path("leases").get(0).path("lease_token").asText();
    assertTrue(token.length() >= 22, "a real token is recorded");
    assertFalse(acquired.out().contains(token), "the token is never printed");
    assertTrue(cli.run("status").out().contains("alice"));

    CliHarness.Result released = cli.run("release", "--mine");
    assertEquals(0, released.exitCode(), released.toString());
    assertTrue(released.out().contains("slot 0 released (holder alice)"), released.out());
    assertEquals(0, JSON.readTree(leases.toFile()).path("leases").size());
  }

  @Test
  @Order(4)
  void aTakenSlot_andAFullPool_exitWithFive_andOneLine() {
    assertEquals(0, cli.run("acquire", "--holder", "a", "--slot", "1").exitCode());
    CliHarness.Result taken = cli.run("acquire", "--holder", "b", "--slot", "1");
    assertEquals(ExitCodes.TAKEN, taken.exitCode(), taken.toString());
    assertEquals(1, taken.err().lines().count(), taken.err());

    assertEquals(0, cli.run("acquire", "--holder", "c").exitCode());
    CliHarness.Result full = cli.run("acquire", "--holder", "d");
    assertEquals(ExitCodes.TAKEN, full.exitCode(), full.toString());

    CliHarness.Result byHolder = cli.run("release", "--holder", "a");
    assertTrue(byHolder.out().contains("slot 1 released"), byHolder.toString());
    CliHarness.Result bySlot = cli.run("release", "--slot", "0");
    assertTrue(bySlot.out().contains("slot 0 released"), bySlot.toString());
  }

  @Test
  @Order(5)
  void acquireHold_isReleasedByCtrlC_andExits130() throws Exception {
    Process holder = cli.spawn("acquire", "--holder", "held", "--hold");
    awaitHolding(holder);
    new ProcessBuilder("kill", "-INT", Long.toString(holder.pid())).start().waitFor();
    assertTrue(holder.waitFor(15, TimeUnit.SECONDS));
    assertEquals(130, holder.exitValue());
    awaitFree();
    assertFalse(cli.run("status").out().contains("held"));
  }

  @Test
  @Order(6)
  void acquireHold_killedBySigkill_freesTheSlotWithinASecond() throws Exception {
    Process holder = cli.spawn("acquire", "--holder", "doomed", "--hold");
    awaitHolding(holder);
    long killed = System.nanoTime();
    holder.destroyForcibly();
    awaitNotLeased(Duration.ofSeconds(5));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertTrue(tookMillis < 1000, "slot left 'leased' " + tookMillis + " ms after SIGKILL");
  }

  @Test
  @Order(6)
  void profileImportListAcquireExportRm_roundTripAStorageState_withoutPrintingValues() throws Exception {
    Path state = home.resolve("state.json");
    Files.writeString(state, "{\"cookies\": [{\"name\": \"sid\", \"value\": \"t0ps3cret\", \"domain\":"
        + " \"127.0.0.1\", \"path\": \"/\", \"expires\": -1, \"httpOnly\": true, \"secure\": false,"
        + " \"sameSite\": \"Lax\"}], \"origins\": [{\"origin\": \"http://127.0.0.1:5999\", \"localStorage\":"
        + " [{\"name\": \"token\", \"value\": \"abc\"}]}]}");
    CliHarness.Result imported = cli.run("profile", "import", "site", state.toString(), "--max-age", "3600");
    assertEquals(0, imported.exitCode(), imported.toString());
    CliHarness.Result listed = cli.run("profile", "list");
    assertTrue(listed.out().contains("site") && listed.out().contains("http://127.0.0.1:5999"), listed.toString());
    assertFalse(listed.out().contains("t0ps3cret"), listed.toString());

    CliHarness.Result acquired = cli.run("acquire", "--holder", "cli-profile", "--profile", "site");
    assertEquals(0, acquired.exitCode(), acquired.toString());
    assertFalse(acquired.out().contains("t0ps3cret"), acquired.toString());
    CliHarness.Result held = cli.run("acquire", "--holder", "cli-other", "--profile", "site");
    assertEquals(5, held.exitCode(), "a held profile is refused like a taken slot: " + held);
    assertTrue(held.err().contains("held by another lease"), held.toString());
    assertEquals(0, cli.run("release", "--mine").exitCode());

    Path exported = home.resolve("exported.json");
    assertEquals(0, cli.run("profile", "export", "site", exported.toString()).exitCode());
    assertEquals("t0ps3cret", JSON.readTree(exported.toFile()).path("cookies").get(0).path("value").asText());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(exported)));
    assertEquals(0, cli.run("profile", "rm", "site").exitCode());
    assertEquals(1, cli.run("profile", "export", "site").exitCode());
  }

  @Test
  @Order(6)
  void approveAndReject_decideASupervisedAcquireThatWaitsForAHuman() throws Exception {
    Path empty = home.resolve("empty-state.json");
    Files.writeString(empty, "{\"cookies\": [], \"origins\": []}");
    assertEquals(0, cli.run("profile", "import", "watched", empty.toString()).exitCode());
    String supervised = "{\"holder\": \"cli-supervised\", \"tier\": \"supervised\", \"profile\": \"watched\","
        + " \"wait_s\": 60}";

    CompletableFuture<CliHarness.Result> approved = CompletableFuture.supplyAsync(() -> cli.run("acquire",
        "--holder", "cli-supervised", "--profile", "watched", "--supervised", "--wait", "60"));
    CliHarness.Result approve = cli.run("approve", awaitPendingLeaseId());
    assertEquals(0, approve.exitCode(), approve.toString());
    assertTrue(approve.out().contains("approved the lease"), approve.toString());
    CliHarness.Result lease = approved.get(30, TimeUnit.SECONDS);
    assertEquals(0, lease.exitCode(), lease.toString());
    assertEquals(0, cli.run("release", "--mine").exitCode());
    awaitFree();

    CompletableFuture<HttpResponse<String>> rejected = postToDaemon("/acquire", supervised);
    CliHarness.Result reject = cli.run("reject", awaitPendingLeaseId());
    assertEquals(0, reject.exitCode(), reject.toString());
    HttpResponse<String> refused = rejected.get(30, TimeUnit.SECONDS);
    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals("not_approved", JSON.readTree(refused.body()).path("error").asText());

    CliHarness.Result unknown = cli.run("approve", "0123456789abcdef0123456789abcdef");
    assertEquals(ExitCodes.FAILURE, unknown.exitCode(), unknown.toString());
    assertTrue(unknown.err().contains("no supervised lease waiting"), unknown.toString());
    awaitFree();
    assertEquals(0, cli.run("profile", "rm", "watched").exitCode());
  }

  /** The lease id of the one lease waiting for approval, as {@code escarp status --json} shows it. */
  private static String awaitPendingLeaseId() {
    return await("a lease pending approval").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          for (JsonNode slot : JSON.readTree(cli.run("status", "--json").out()).path("slots")) {
            if (slot.path("approval").asText().equals("pending")) {
              return slot.path("lease_id").asText();
            }
          }
          return null;
        }, id -> id != null);
  }

  private static CompletableFuture<HttpResponse<String>> postToDaemon(String path, String json) {
    int port = new DaemonPidFile(cli.home().daemonPidFile()).read().orElseThrow().port();
    return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(7)
  void poolAdd_launchesAndBrokersTheNextSlot_andPoolRemoveTakesItAway() {
    CliHarness.Result added = cli.run("pool", "add");
    assertEquals(0, added.exitCode(), added.toString());
    assertTrue(added.out().contains("slot 2 added"), added.out());
    assertEquals(3, new PoolConfigStore(cli.home()).loadFile().config().poolSize());
    assertTrue(cli.run("status").out().contains("3 slots"));

    CliHarness.Result removed = cli.run("pool", "remove", "2");
    assertEquals(0, removed.exitCode(), removed.toString());
    assertTrue(removed.out().contains("browser stopped"), removed.out());
    assertTrue(PROBE.probe(cli.cdpBase() + 2) instanceof ProbeResult.NothingThere);
    assertEquals(2, new PoolConfigStore(cli.home()).loadFile().config().poolSize());
  }

  @Test
  @Order(8)
  void scale_refusesToStopALeasedSlot_thenGrowsAndShrinksWithADaemonRestart() {
    assertEquals(0, cli.run("scale", "3").exitCode());
    assertTrue(cli.run("status").out().contains("3 slots"));
    assertEquals(0, cli.run("acquire", "--holder", "busy", "--slot", "2").exitCode());

    CliHarness.Result refused = cli.run("scale", "2");
    assertEquals(ExitCodes.LEASED, refused.exitCode(), refused.toString());
    assertTrue(PROBE.probe(cli.cdpBase() + 2) instanceof ProbeResult.Found, "nothing was stopped");

    assertEquals(0, cli.run("release", "--holder", "busy").exitCode());
    awaitFreeQuietly();
    CliHarness.Result shrunk = cli.run("scale", "2");
    assertEquals(0, shrunk.exitCode(), shrunk.toString());
    assertTrue(cli.run("status").out().contains("2 slots"));
    assertTrue(PROBE.probe(cli.cdpBase() + 2) instanceof ProbeResult.NothingThere);
  }

  @Test
  @Order(9)
  void daemonStopKillPool_refusesWhileLeased_thenStopsDaemonAndBrowsers() {
    assertEquals(0, cli.run("acquire", "--holder", "last").exitCode());
    CliHarness.Result refused = cli.run("daemon", "stop", "--kill-pool");
    assertEquals(ExitCodes.LEASED, refused.exitCode(), refused.toString());
    assertTrue(cli.run("status").exitCode() == 0, "the daemon still serves");
    assertEquals(0, cli.run("release", "--mine").exitCode());

    long pid = daemonPid();
    CliHarness.Result stopped = cli.run("daemon", "stop", "--kill-pool");
    assertEquals(0, stopped.exitCode(), stopped.toString());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(PROBE.probe(cli.cdpBase()) instanceof ProbeResult.NothingThere);
    assertTrue(PROBE.probe(cli.cdpBase() + 1) instanceof ProbeResult.NothingThere);
    assertEquals(ExitCodes.UNREACHABLE, cli.run("status").exitCode());
  }

  private static long daemonPid() {
    return new DaemonPidFile(cli.home().daemonPidFile()).read().orElseThrow().pid();
  }

  /** Waits for the spawned {@code acquire --hold} to say it holds (its /hold connection is open). */
  private static void awaitHolding(Process holder) {
    Path output = cli.spawnedOutput(cli.spawnedCount() - 1);
    await("acquire --hold saying it holds").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> {
          if (Files.exists(output) && Files.readString(output).contains("holding slot")) {
            return true;
          }
          if (!holder.isAlive()) {
            throw new AssertionError("acquire --hold exited before it held: "
                + (Files.exists(output) ? Files.readString(output) : ""));
          }
          return false;
        });
  }

  private static void awaitNotLeased(Duration timeout) {
    await("no slot leased").atMost(timeout).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          JsonNode status = JSON.readTree(cli.run("status", "--json").out());
          for (JsonNode slot : status.path("slots")) {
            assertFalse(slot.path("state").asText().equals("leased"), "a slot stayed leased: " + status);
          }
        });
  }

  private static void awaitFree() {
    if (cli.run("status").exitCode() != 0) {
      return; // the daemon is gone (the last test stops it)
    }
    awaitFreeQuietly();
  }

  private static void awaitFreeQuietly() {
    await("the pool free").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          JsonNode status = JSON.readTree(cli.run("status", "--json").out());
          for (JsonNode slot : status.path("slots")) {
            assertEquals("free", slot.path("state").asText(), "the pool did not become free: " + status);
          }
        });
  }
}
