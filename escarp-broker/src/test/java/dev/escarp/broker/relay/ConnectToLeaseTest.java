package dev.escarp.broker.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /connect/<holder>}: the first use acquires, further connections join the same lease, the
 * lease outlives its last connection by the grace (so a reconnect keeps its slot and pages), and
 * is released after it.
 */
class ConnectToLeaseTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(2,
      Map.of("ESCARP_CONNECT_GRACE_S", "3", "ESCARP_LEASE_TTL_S", "2"));

  @Test
  void connectingAcquiresAndASecondConnectionJoinsTheSameLease() throws Exception {
    ApiClient api = daemon.api();
    String base = "ws://127.0.0.1:" + api.port() + "/connect/agent-one";
    try (CdpSocket first = CdpSocket.open(base); CdpSocket second = CdpSocket.open(base + "/devtools/browser")) {
      first.send("Browser.getVersion");
      second.send("Browser.getVersion");
      assertEquals(1, leasesOf(api, "agent-one"));
      Reply again = api.get("/connect/agent-one/json/version");
      assertEquals(200, again.status(), again.toString());
      assertTrue(again.json().get("webSocketDebuggerUrl").asText().contains("/cdp/"), again.toString());
      assertEquals(1, leasesOf(api, "agent-one"));
      // Open connections keep the lease past its TTL with no heartbeats and no traffic.
      await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> leasesOf(api, "agent-one") == 1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> leasesOf(api, "agent-one") == 0);
  }

  @Test
  void aClientThatReconnectsWithinTheGraceKeepsItsSlotAndPages() throws Exception {
    ApiClient api = daemon.api();
    String url = "http://127.0.0.1:" + api.port() + "/connect/agent-two";
    try (Playwright playwright = Playwrights.create()) {
      Browser browser = playwright.chromium().connectOverCDP(url);
      int slot = slotOf(api, "agent-two").orElseThrow();
      Page page = browser.contexts().get(0).pages().get(0);
      page.navigate("about:blank#kept-across-reconnects");
      browser.close(); // disconnects; the lease now lives on the grace

      Browser again = playwright.chromium().connectOverCDP(url);
      assertEquals(slot, slotOf(api, "agent-two").orElseThrow());
      assertTrue(again.contexts().get(0).pages().stream()
          .anyMatch(p -> p.url().equals("about:blank#kept-across-reconnects")));
      again.close();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> leasesOf(api, "agent-two") == 0);
  }

  @Test
  void aConnectUrlThatGetsNoConnectionGivesTheLeaseBackAfterTheGrace() {
    ApiClient api = daemon.api();
    assertEquals(200, api.get("/connect/agent-three/json/version").status());
    assertEquals(1, leasesOf(api, "agent-three"));
    await().atMost(Duration.ofSeconds(10)).until(() -> leasesOf(api, "agent-three") == 0);
  }

  @Test
  void aConnectToAFullPoolIsRefusedWithTheApisError() throws Exception {
    ApiClient api = daemon.api();
    JsonNode a = RelayRevocationTest.acquireWhenFree(api, "holder-x");
    JsonNode b = RelayRevocationTest.acquireWhenFree(api, "holder-y");
    try {
      Reply full = api.get("/connect/agent-four/json/version");
      assertEquals(409, full.status(), full.toString());
      assertEquals("pool_exhausted", full.error());
    } finally {
      api.post("/release", RelayRevocationTest.token(a));
      api.post("/release", RelayRevocationTest.token(b));
    }
  }

  private static long leasesOf(ApiClient api, String holder) {
    return StreamSupport.stream(api.get("/status").json().get("slots").spliterator(), false)
        .filter(s -> holder.equals(s.get("holder").asText(null))).count();
  }

  private static Optional<Integer> slotOf(ApiClient api, String holder) {
    return StreamSupport.stream(api.get("/status").json().get("slots").spliterator(), false)
        .filter(s -> holder.equals(s.get("holder").asText(null))).map(s -> s.get("slot").asInt()).findFirst();
  }
}
