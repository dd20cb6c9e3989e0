package dev.escarp.broker.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.Tabs;
import dev.escarp.broker.testing.TestDaemon;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resets between holders, expiry, /hold and a storm of acquires, against a real daemon and real
 * Chromium (short TTL so expiry happens within the test).
 */
class LeaseLifecycleTest {

  @TempDir static Path home;
  private static TestDaemon daemon;
  private static ApiClient api;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of("ESCARP_LEASE_TTL_S", "1.5")).start();
    api = daemon.api();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static JsonNode acquire(String body) {
    Reply reply = api.post("/acquire", body);
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static String tokenBody(JsonNode lease) {
    return "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}";
  }



  private static String stateOf(int slot) {
    return api.get("/status").json().get("slots").get(slot).get("state").asText();
  }

  private static void awaitState(int slot, String state) {
    await("slot " + slot + " becoming " + state).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
        .untilAsserted(() -> assertEquals(state, stateOf(slot), api.get("/status").body()));
  }

  @Test
  void release_resetsTheTabs_beforeTheNextHolderGetsTheSlot() throws Exception {
    JsonNode lease = acquire("{\"holder\": \"dirty\", \"slot\": 0}");
    int port = lease.get("cdp_port").asInt();
    Tabs.open(port, "data:text/html,one");
    Tabs.open(port, "data:text/html,two");
    assertTrue(Tabs.pageUrls(port).size() >= 3);

    Reply released = api.post("/release", tokenBody(lease));
    assertEquals(200, released.status());
    JsonNode next = acquire("{\"holder\": \"clean\", \"slot\": 0, \"wait_s\": 10}");

    assertEquals(List.of("about:blank"), Tabs.pageUrls(port), "the next holder finds one blank tab");
    api.post("/release", tokenBody(next));
    awaitState(0, "free");
  }

  @Test
  void expiry_reclaimsTheSlotAndResetsIt() throws Exception {
    JsonNode lease = acquire("{\"holder\": \"forgetful\", \"slot\": 1}");
    int port = lease.get("cdp_port").asInt();
    Tabs.open(port, "data:text/html,left-behind");

    awaitState(1, "free");

    assertEquals(List.of("about:blank"), Tabs.pageUrls(port));
    assertEquals("unknown_lease", api.post("/heartbeat", tokenBody(lease)).error());
    JsonNode reaped = api.get("/reaped").json().get("reaped");
    JsonNode last = reaped.get(reaped.size() - 1);
    assertEquals(1, last.get("slot").asInt());
    assertEquals("forgetful", last.get("holder").asText());
  }

  @Test
  void hold_releasesTheLeaseWithinASecondOfTheConnectionClosing() throws Exception {
    JsonNode lease = acquire("{\"holder\": \"holder-process\", \"slot\": 0}");
    // keep it alive past the short TTL while the hold is open
    String body = tokenBody(lease);
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port());
    OutputStream out = socket.getOutputStream();
    out.write(("POST /hold HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    out.flush();
    await("the hold does not end the lease by itself").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> stateOf(0).equals("leased"));

    socket.close(); // what the kernel does when the holder is SIGKILLed
    await("the lease ends within a second of the connection closing").atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> !stateOf(0).equals("leased"));
    assertEquals("unknown_lease", api.post("/heartbeat", body).error());
    awaitState(0, "free");
  }

  @Test
  void hold_answersWhenTheLeaseIsReleased() throws Exception {
    JsonNode lease = acquire("{\"holder\": \"h\", \"slot\": 1}");
    CompletableFuture<Reply> hold = CompletableFuture.supplyAsync(() -> api.post("/hold", tokenBody(lease)));
    await("the hold is not answered while the lease lasts").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> !hold.isDone());

    api.post("/release", tokenBody(lease));

    Reply ended = hold.get(5, TimeUnit.SECONDS);
    assertEquals(200, ended.status());
    assertEquals("released", ended.json().get("ended").asText());
    awaitState(1, "free");
  }

  @Test
  void storm_ofConcurrentAcquires_grantsEachSlotOnce_andRefusesTheRestWith409() throws Exception {
    awaitState(0, "free");
    awaitState(1, "free");
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<CompletableFuture<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String holder = "storm-" + i;
      replies.add(CompletableFuture.supplyAsync(() -> api.post("/acquire", "{\"holder\": \"" + holder + "\"}"), pool));
    }
    List<Reply> all = new ArrayList<>();
    for (CompletableFuture<Reply> r : replies) {
      all.add(r.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    List<Reply> granted = all.stream().filter(r -> r.status() == 200).toList();
    assertEquals(2, granted.size(), "exactly one grant per slot");
    assertEquals(2, granted.stream().map(r -> r.json().get("slot").asInt()).distinct().count());
    assertTrue(all.stream().allMatch(r -> r.status() == 200 || (r.status() == 409 && r.error().equals("pool_exhausted"))),
        "everything else is a 409, never a 5xx");
    for (Reply r : granted) {
      api.post("/release", tokenBody(r.json()));
    }
    awaitState(0, "free");
    awaitState(1, "free");
  }
}
