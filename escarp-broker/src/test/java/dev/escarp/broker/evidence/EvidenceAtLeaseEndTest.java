package dev.escarp.broker.evidence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Evidence at every lease end: the last screenshot and the lease's console, served by lease id. */
class EvidenceAtLeaseEndTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_EVIDENCE_KEEP", "2"));

  @Test
  void aLeaseThatLoggedAConsoleError_hasItsScreenshotAndTheMessageAtEvidenceLeaseId() throws Exception {
    Reply acquired = daemon.api().post("/acquire", "{\"holder\": \"evidence-test\"}");
    assertEquals(200, acquired.status(), acquired.toString());
    String leaseId = acquired.json().get("lease_id").asText();
    try (Playwright playwright = Playwrights.create()) {
      Browser browser = playwright.chromium().connectOverCDP(acquired.json().get("cdp_http_url").asText());
      Page page = browser.contexts().get(0).newPage();
      page.setContent("<h1 style='font-size:80px'>evidence</h1>");
      page.evaluate("() => console.error('boom')");
      page.evaluate("() => setTimeout(() => { throw new Error('kaboom') }, 0)");
      browser.close();
    }
    Reply released = daemon.api().post("/release",
        "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}");
    assertEquals(200, released.status(), released.toString());

    JsonNode record = await("evidence of " + leaseId).atMost(Duration.ofSeconds(20))
        .until(() -> daemon.api().get("/evidence/" + leaseId), r -> r.status() == 200).json();
    assertEquals(leaseId, record.get("lease_id").asText());
    assertEquals("evidence-test", record.get("holder").asText());
    assertEquals("released", record.get("reason").asText());
    assertEquals(0, record.get("slot").asInt());
    assertTrue(record.get("ended_at").asDouble() > 0);
    assertTrue(texts(record).anyMatch(t -> t.equals("boom")), record.toString());
    assertTrue(texts(record).anyMatch(t -> t.contains("kaboom")), record.toString());
    assertEquals("/evidence/" + leaseId + "/screenshot.png", record.get("screenshot").asText());

    HttpResponse<byte[]> png = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(daemon.api().uri(record.get("screenshot").asText())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, png.statusCode());
    assertEquals("image/png", png.headers().firstValue("content-type").orElse(""));
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png.body(), 8));
    assertTrue(png.body().length > 1000, "a real screenshot, " + png.body().length + " bytes");

    JsonNode list = daemon.api().get("/evidence").json().get("evidence");
    assertEquals(leaseId, list.get(0).get("lease_id").asText(), list.toString());
  }

  @Test
  void aLeaseThatLeftItsPageEmpty_hasARecordButNoScreenshot() {
    Reply acquired = daemon.api().post("/acquire", "{\"holder\": \"idle\"}");
    assertEquals(200, acquired.status(), acquired.toString());
    String leaseId = acquired.json().get("lease_id").asText();
    assertEquals(200, daemon.api().post("/release",
        "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}").status());

    JsonNode record = await("evidence of " + leaseId).atMost(Duration.ofSeconds(20))
        .until(() -> daemon.api().get("/evidence/" + leaseId), r -> r.status() == 200).json();
    assertTrue(record.get("screenshot").isNull(), "an empty about:blank is not pictured: " + record);
    assertEquals(404, daemon.api().get("/evidence/" + leaseId + "/screenshot.png").status());
  }

  @Test
  void evidence_keepsTheNewestLeasesOnly_newestFirst() {
    String[] ids = new String[3];
    for (int i = 0; i < 3; i++) {
      Reply acquired = daemon.api().post("/acquire", "{\"holder\": \"keep-" + i + "\", \"wait_s\": 20}");
      assertEquals(200, acquired.status(), acquired.toString());
      ids[i] = acquired.json().get("lease_id").asText();
      daemon.api().post("/release", "{\"lease_token\": \"" + acquired.json().get("lease_token").asText() + "\"}");
      String id = ids[i];
      await().atMost(Duration.ofSeconds(20)).until(() -> daemon.api().get("/evidence/" + id).status() == 200);
    }
    JsonNode list = daemon.api().get("/evidence").json().get("evidence");
    assertEquals(2, list.size(), list.toString());
    assertEquals(ids[2], list.get(0).get("lease_id").asText());
    assertEquals(ids[1], list.get(1).get("lease_id").asText());
    Reply gone = daemon.api().get("/evidence/" + ids[0]);
    assertEquals(404, gone.status());
    assertEquals("unknown_lease", gone.error());
  }

  @Test
  void anUnknownOrMalformedLeaseId_is404UnknownLeaseInJson() {
    for (String path : new String[] {"/evidence/0123456789abcdef0123456789abcdef", "/evidence/../../etc",
        "/evidence/nope/screenshot.png"}) {
      Reply reply = daemon.api().get(path);
      assertEquals(404, reply.status(), path + ": " + reply);
      assertEquals("unknown_lease", reply.error(), path);
    }
  }

  private static java.util.stream.Stream<String> texts(JsonNode record) {
    return StreamSupport.stream(record.get("console").spliterator(), false).map(m -> m.path("text").asText());
  }
}
