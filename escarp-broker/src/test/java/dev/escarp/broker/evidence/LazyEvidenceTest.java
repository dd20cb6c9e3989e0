package dev.escarp.broker.evidence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With lease-scoped endpoints, evidence watches a lease only from its holder's first relayed
 * connection (a hand-over whose holder never drives the browser costs no watch), and what the page
 * logged before that is still kept: Chromium replays it to the watch.
 */
class LazyEvidenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_EVIDENCE_KEEP", "5"));

  @Test
  void aLeaseWhoseHolderNeverConnects_hasNoWatchOnItsPage_untilItsHolderConnects() throws Exception {
    Reply acquired = acquire("never-connects");
    int cdpPort = acquired.json().get("cdp_port").asInt();
    try {
      // A watch attaches to the page within milliseconds of its start: none may appear unasked.
      await("no session on the leased page").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
          .until(() -> !pageAttached(cdpPort));

      try (CdpSocket holder = CdpSocket.open(acquired.json().get("cdp_ws_url").asText())) {
        holder.send("Target.getTargets");
        await("the watch attached once the holder connected").atMost(Duration.ofSeconds(10))
            .until(() -> pageAttached(cdpPort));
      }
    } finally {
      release(acquired);
    }
  }

  @Test
  void theWatchLeavesTheHoldersFirstMomentsAlone_andAttachesASecondAfterItsFirstUse() throws Exception {
    Reply acquired = acquire("first-moments");
    int cdpPort = acquired.json().get("cdp_port").asInt();
    try (CdpSocket holder = CdpSocket.open(acquired.json().get("cdp_ws_url").asText())) {
      holder.send("Target.getTargets");
      // Its attach would compete with the holder's own connect and first page.
      await("no watch while the holder starts").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
          .until(() -> !pageAttached(cdpPort));
      await("the watch attached after its delay").atMost(Duration.ofSeconds(10))
          .until(() -> pageAttached(cdpPort));
    } finally {
      release(acquired);
    }
  }

  @Test
  void aLeaseWhoseHolderNeverConnects_stillHasAnEvidenceRecord() {
    Reply acquired = acquire("idle-holder");
    String leaseId = acquired.json().get("lease_id").asText();
    release(acquired);
    JsonNode record = await("evidence of " + leaseId).atMost(Duration.ofSeconds(20))
        .until(() -> daemon.api().get("/evidence/" + leaseId), r -> r.status() == 200).json();
    assertEquals("idle-holder", record.get("holder").asText());
    assertEquals(0, record.get("console").size(), record.toString());
    assertTrue(record.get("screenshot").isNull(), record.toString());
  }

  @Test
  void whatThePageLoggedBeforeTheHolderFirstConnected_isInTheEvidence() throws Exception {
    Reply acquired = acquire("late-connect");
    String leaseId = acquired.json().get("lease_id").asText();
    // The page logs while nobody is connected through the relay (here through the browser's own port).
    try (CdpSocket own = CdpSocket.open(browserUrl(acquired.json().get("cdp_port").asInt()))) {
      String pageId = StreamSupport.stream(own.send("Target.getTargets").path("targetInfos").spliterator(), false)
          .filter(t -> t.path("type").asText().equals("page")).findFirst().orElseThrow().path("targetId").asText();
      String session = own.send("Target.attachToTarget", CdpSocket.params().put("targetId", pageId)
          .put("flatten", true)).path("sessionId").asText();
      own.sendAsync("Runtime.evaluate", CdpSocket.params().put("expression",
          "console.error('logged-before-connect'); setTimeout(() => { throw new Error('thrown-before-connect') }, 0); 1"),
          session).get();
      own.sendAsync("Runtime.evaluate", CdpSocket.params().put("expression",
          "new Promise(r => setTimeout(r, 0))").put("awaitPromise", true), session).get();
      own.send("Target.detachFromTarget", CdpSocket.params().put("sessionId", session));
    }
    try (Playwright playwright = Playwrights.create()) {
      Browser browser = playwright.chromium().connectOverCDP(acquired.json().get("cdp_http_url").asText());
      Page page = browser.contexts().get(0).pages().get(0);
      page.evaluate("() => console.warn('logged-after-connect')");
      browser.close();
    }
    release(acquired);

    JsonNode record = await("evidence of " + leaseId).atMost(Duration.ofSeconds(20))
        .until(() -> daemon.api().get("/evidence/" + leaseId), r -> r.status() == 200).json();
    for (String expected : new String[] {"logged-before-connect", "thrown-before-connect", "logged-after-connect"}) {
      assertTrue(StreamSupport.stream(record.get("console").spliterator(), false)
          .anyMatch(m -> m.path("text").asText().contains(expected)), expected + " in " + record);
    }
  }

  private static Reply acquire(String holder) {
    Reply acquired = daemon.api().post("/acquire", "{\"holder\": \"" + holder + "\", \"wait_s\": 20}");
    assertEquals(200, acquired.status(), acquired.toString());
    return acquired;
  }

  private static void release(Reply acquired) {
    Reply released = daemon.api().post("/release",
        "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}");
    assertEquals(200, released.status(), released.toString());
  }

  /** Whether any client is attached to the browser's page, asked of the browser's own port. */
  private static boolean pageAttached(int cdpPort) throws Exception {
    try (CdpSocket own = CdpSocket.open(browserUrl(cdpPort))) {
      for (JsonNode t : own.send("Target.getTargets").path("targetInfos")) {
        if (t.path("type").asText().equals("page") && t.path("attached").asBoolean()) {
          return true;
        }
      }
    }
    return false;
  }

  private static String browserUrl(int cdpPort) throws Exception {
    HttpResponse<String> version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + cdpPort + "/json/version")).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(version.body()).get("webSocketDebuggerUrl").asText();
  }
}
