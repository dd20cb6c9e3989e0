package dev.escarp.broker.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stale holder: A keeps its relayed connections after its lease ends (released, or expired
 * while A stays connected but silent); B gets the same slot and logs in. A's connections are
 * closed with the lease's end as the reason, and nothing A held reaches B's pages or cookies.
 */
class RelayRevocationTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_LEASE_TTL_S", "2"));

  @Test
  void aReleasedHoldersConnectionsAreClosedAndNothingItHeldReachesTheNextHolder() throws Exception {
    ApiClient api = daemon.api();
    JsonNode a = acquire(api, "holder-a");
    String aBrowser = a.get("cdp_ws_url").asText();
    String aHttp = a.get("cdp_http_url").asText();
    assertTrue(aBrowser.startsWith("ws://127.0.0.1:" + api.port() + "/cdp/"), aBrowser);
    try (CdpSocket browser = CdpSocket.open(aBrowser)) {
      String aPage = firstPageSocket(api, aHttp);
      try (CdpSocket page = CdpSocket.open(aPage)) {
        page.send("Runtime.evaluate", CdpSocket.params().put("expression", "1 + 1"));

        assertEquals(200, api.post("/release", token(a)).status());

        CdpSocket.Closed closed = browser.closed().get(5, TimeUnit.SECONDS);
        assertEquals(RelayConnection.LEASE_ENDED, closed.code());
        assertTrue(closed.reason().contains("released"), closed.reason());
        page.closed().get(5, TimeUnit.SECONDS);
      }
      assertNextHolderIsOutOfReach(api, aBrowser, aHttp, aPage);
    }
  }

  @Test
  void anExpiredHoldersConnectionsAreClosedThoughItStaysConnected() throws Exception {
    ApiClient api = daemon.api();
    JsonNode a = acquire(api, "holder-a");
    String aBrowser = a.get("cdp_ws_url").asText();
    String aHttp = a.get("cdp_http_url").asText();
    try (CdpSocket browser = CdpSocket.open(aBrowser)) {
      String aPage = firstPageSocket(api, aHttp);
      browser.send("Browser.getVersion"); // then silence: no frames, no heartbeats

      CdpSocket.Closed closed = browser.closed().get(10, TimeUnit.SECONDS);
      assertEquals(RelayConnection.LEASE_ENDED, closed.code());
      assertTrue(closed.reason().contains("expired"), closed.reason());
      assertNextHolderIsOutOfReach(api, aBrowser, aHttp, aPage);
    }
  }

  @Test
  void publicRecordsNameNoBrowserEndpoint() {
    JsonNode slot = daemon.api().get("/status").json().get("slots").get(0);
    assertTrue(slot.get("cdp_ws_url").isNull(), slot.toString());
    assertTrue(slot.get("cdp_port").asInt() > 0);
  }

  /** B leases the slot, sets a cookie and opens its page; A's URLs reach none of it. */
  private static void assertNextHolderIsOutOfReach(ApiClient api, String aBrowser, String aHttp, String aPage)
      throws Exception {
    JsonNode b = acquireWhenFree(api, "holder-b");
    try (CdpSocket browser = CdpSocket.open(b.get("cdp_ws_url").asText())) {
      browser.send("Storage.setCookies", CdpSocket.params().set("cookies", CdpSocket.params().arrayNode()
          .add(CdpSocket.params().put("name", "b_session").put("value", "b-secret")
              .put("domain", "127.0.0.1").put("path", "/"))));
      browser.send("Target.createTarget", CdpSocket.params().put("url", "about:blank#b-private"));

      Reply list = api.send(HttpRequest.newBuilder(URI.create(aHttp + "/json/list")).GET());
      assertEquals(404, list.status(), list.toString());
      assertEquals("unknown_lease", list.error());
      assertFalse(list.body().contains("b-private"));
      for (String url : new String[] {aBrowser, aPage, aBrowser.replace("/devtools/browser", "/devtools/page")}) {
        assertThrows(Exception.class, () -> CdpSocket.open(url).close(), url);
      }
      assertEquals("holder-b", api.get("/status").json().get("slots").get(0).get("holder").asText());
      api.post("/release", token(b));
    }
  }

  private static String firstPageSocket(ApiClient api, String httpBase) {
    Reply list = api.send(HttpRequest.newBuilder(URI.create(httpBase + "/json/list")).GET());
    assertEquals(200, list.status(), list.toString());
    for (JsonNode target : list.json()) {
      if (target.get("type").asText().equals("page")) {
        String url = target.get("webSocketDebuggerUrl").asText();
        assertTrue(url.contains("/cdp/"), url);
        return url;
      }
    }
    throw new AssertionError("no page in " + list.body());
  }

  static JsonNode acquire(ApiClient api, String holder) {
    Reply reply = api.post("/acquire", "{\"holder\": \"" + holder + "\"}");
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  static JsonNode acquireWhenFree(ApiClient api, String holder) {
    Reply reply = api.post("/acquire", "{\"holder\": \"" + holder + "\", \"wait_s\": 20}");
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  static String token(JsonNode lease) {
    return "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}";
  }

  static void awaitFree(ApiClient api, int slot) {
    await().atMost(Duration.ofSeconds(15)).until(() ->
        api.get("/status").json().get("slots").get(slot).get("state").asText().equals("free"));
  }
}
