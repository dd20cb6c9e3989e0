package dev.escarp.broker.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients escarp did not write attach through a lease's relayed endpoints, as they would to Chromium's own. */
class RelayAttachTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);

  /** A page of random pixels: its PNG does not compress, so a screenshot of it is several MB. */
  private static final String NOISE_PAGE = "data:text/html,<body style='margin:0'><canvas id=c width=1400 height=1400>"
      + "</canvas><script>const c=document.getElementById('c').getContext('2d');"
      + "const d=c.createImageData(1400,1400);crypto.getRandomValues(d.data.subarray(0,65536));"
      + "for(let i=0;i<d.data.length;i+=65536)crypto.getRandomValues(d.data.subarray(i,Math.min(i+65536,d.data.length)));"
      + "for(let i=3;i<d.data.length;i+=4)d.data[i]=255;c.putImageData(d,0,0);document.title='noise'</script>";

  @Test
  void playwrightAttachesThroughTheRelayAndTakesAScreenshotOfSeveralMegabytes() throws Exception {
    ApiClient api = daemon.api();
    JsonNode lease = RelayRevocationTest.acquire(api, "playwright");
    try (Playwright playwright = Playwrights.create()) {
      Browser browser = playwright.chromium().connectOverCDP(lease.get("cdp_http_url").asText());
      BrowserContext context = browser.contexts().get(0);
      Page page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
      page.setViewportSize(1400, 1400);
      page.navigate(NOISE_PAGE);
      assertEquals("noise", page.title());
      byte[] png = page.screenshot();
      assertTrue(png.length > 3_000_000, "screenshot of " + png.length + " bytes");
      browser.close(); // disconnects; the browser lives on
    } finally {
      api.post("/release", RelayRevocationTest.token(lease));
    }
  }

  @Test
  void pageEndpointsFromTheRelayedListWork() throws Exception {
    ApiClient api = daemon.api();
    JsonNode lease = RelayRevocationTest.acquireWhenFree(api, "page-client");
    String http = lease.get("cdp_http_url").asText();
    try {
      Reply created = api.send(HttpRequest.newBuilder(URI.create(http + "/json/new?about:blank%23relayed"))
          .PUT(HttpRequest.BodyPublishers.noBody()));
      assertEquals(200, created.status(), created.toString());
      String pageSocket = created.json().get("webSocketDebuggerUrl").asText();
      assertTrue(pageSocket.contains("/cdp/") && pageSocket.contains("/devtools/page/"), pageSocket);
      try (CdpSocket page = CdpSocket.open(pageSocket)) {
        JsonNode href = page.send("Runtime.evaluate", CdpSocket.params().put("expression", "location.href"));
        assertEquals("about:blank#relayed", href.get("result").get("value").asText());
      }
      Reply version = api.send(HttpRequest.newBuilder(URI.create(http + "/json/version/")).GET());
      assertTrue(version.json().get("webSocketDebuggerUrl").asText().startsWith(lease.get("cdp_ws_url").asText()
          .substring(0, lease.get("cdp_ws_url").asText().indexOf("/devtools/"))), version.toString());
      String id = created.json().get("id").asText();
      assertEquals(200, api.send(HttpRequest.newBuilder(URI.create(http + "/json/activate/" + id)).GET()).status());
      assertEquals(200, api.send(HttpRequest.newBuilder(URI.create(http + "/json/close/" + id)).GET()).status());
      Reply protocol = api.send(HttpRequest.newBuilder(URI.create(http + "/json/protocol")).GET());
      assertEquals(200, protocol.status());
      assertTrue(protocol.body().contains("\"domains\""));
    } finally {
      api.post("/release", RelayRevocationTest.token(lease));
    }
  }
}
