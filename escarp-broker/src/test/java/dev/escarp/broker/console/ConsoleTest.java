package dev.escarp.broker.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console as a person uses it: a real Chromium (launched by Playwright) opens the daemon's
 * page, while holders lease and drive the pool's browsers with Playwright over their relayed
 * endpoints.
 */
class ConsoleTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(2);

  private static Playwright playwright;
  private static Browser viewerBrowser;
  private Page console;
  private JsonNode lease;
  private Browser holder;

  @BeforeAll
  static void launchTheViewersBrowser() {
    playwright = Playwrights.create();
    viewerBrowser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true).setArgs(List.of("--no-sandbox")));
  }

  @AfterAll
  static void closeTheViewersBrowser() {
    if (viewerBrowser != null) {
      viewerBrowser.close(); // Playwright ends the browser it launched
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void openTheConsole() {
    console = viewerBrowser.newPage();
    console.navigate("http://127.0.0.1:" + daemon.api().port() + "/");
    console.waitForSelector("tr[data-slot='1']");
  }

  @AfterEach
  void cleanUp() {
    console.close();
    if (holder != null) {
      holder.close();
      holder = null;
    }
    if (lease != null) {
      daemon.api().post("/release", "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}");
      lease = null;
    }
    for (int slot = 0; slot < 2; slot++) {
      int s = slot;
      await().atMost(Duration.ofSeconds(15)).until(() ->
          daemon.api().get("/status").json().get("slots").get(s).get("state").asText().equals("free"));
    }
  }

  private JsonNode acquire(String holderName) {
    Reply reply = daemon.api().post("/acquire", "{\"holder\": \"" + holderName + "\", \"slot\": 0, \"wait_s\": 20}");
    assertEquals(200, reply.status(), reply.toString());
    lease = reply.json();
    return lease;
  }

  /** The holder's own page, through its relayed endpoint, at a known size. */
  private Page holdersPage(String html) {
    holder = playwright.chromium().connectOverCDP(lease.get("cdp_http_url").asText());
    Page page = holder.contexts().get(0).newPage();
    page.setViewportSize(640, 480);
    page.navigate("data:text/html," + html.replace("%", "%25").replace("#", "%23"));
    return page;
  }

  private Locator liveView(int slot) {
    console.click("tr[data-slot='" + slot + "'] button.watch");
    Locator view = console.locator("[data-live-slot='" + slot + "']");
    view.locator("img").waitFor();
    return view;
  }

  /** The colour of the live view's centre pixel, read from the frame the viewer shows. */
  private String centrePixel(Locator view) {
    return (String) view.locator("img").evaluate("img => { if (!img.naturalWidth) return 'none';"
        + " const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
        + " const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
        + " const d = g.getImageData(img.naturalWidth / 2, img.naturalHeight / 2, 1, 1).data;"
        + " return d[0] > 200 && d[1] < 60 && d[2] < 60 ? 'red' : d[2] > 200 && d[0] < 60 && d[1] < 60 ? 'blue' : 'other'; }");
  }

  @Test
  void theConsoleListsEverySlotOfThePool() {
    assertEquals(2, console.locator("tr[data-slot]").count());
    assertEquals("free", console.getAttribute("tr[data-slot='0']", "data-state"));
    assertEquals("free", console.getAttribute("tr[data-slot='1']", "data-state"));
  }

  @Test
  void anAcquireOverTheApiAppearsInItsRowWithinOneSecond() {
    acquire("agent-one");
    console.waitForSelector("tr[data-slot='0'][data-state='leased']",
        new Page.WaitForSelectorOptions().setTimeout(1000));
    assertEquals("agent-one", console.textContent("tr[data-slot='0'] .holder"));
  }

  @Test
  void theLiveViewShowsTheHoldersPageAndFollowsItsChanges() {
    acquire("painter");
    Page page = holdersPage("<body style='margin:0;background:rgb(255,0,0)'></body>");
    Locator view = liveView(0);

    await().atMost(Duration.ofSeconds(10)).until(() -> centrePixel(view).equals("red"));
    assertEquals(640, ((Number) view.locator("img").evaluate("img => img.naturalWidth")).intValue());
    assertEquals(480, ((Number) view.locator("img").evaluate("img => img.naturalHeight")).intValue());

    page.evaluate("document.body.style.background = 'rgb(0,0,255)'");
    await().atMost(Duration.ofSeconds(10)).until(() -> centrePixel(view).equals("blue"));
  }

  @Test
  void takeControlClicksAndTypesIntoTheHoldersPage() {
    acquire("form-filler");
    Page page = holdersPage("<body style='margin:0'>"
        + "<button id=b style='position:absolute;left:0;top:0;width:320px;height:240px' onclick=\"this.textContent='clicked'\">go</button>"
        + "<input id=i style='position:absolute;left:320px;top:240px;width:320px;height:240px'></body>");
    Locator view = liveView(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> view.getAttribute("data-frames") != null);

    view.locator("button.take").click();
    console.waitForSelector("[data-live-slot='0'][data-controlling='true']");
    console.waitForSelector("tr[data-slot='0'] .controlled-by:text('console')");
    assertEquals("console", daemon.api().get("/status").json().get("slots").get(0).get("controlled_by").asText());

    Locator img = view.locator("img");
    var box = img.boundingBox();
    console.mouse().click(box.x + box.width * 0.25, box.y + box.height * 0.25);     // the button
    console.mouse().click(box.x + box.width * 0.75, box.y + box.height * 0.75);     // the input
    console.keyboard().type("hello escarp");

    view.locator("button.take").click(); // hand back: the holder's page is the holder's again
    console.waitForSelector("[data-live-slot='0'][data-controlling='false']");
    assertEquals("clicked", page.textContent("#b"));
    assertEquals("hello escarp", page.inputValue("#i"));
    assertTrue(daemon.api().get("/status").json().get("slots").get(0).get("controlled_by").isNull());
  }

  @Test
  void whileAHumanControlsThePageTheHoldersOwnCommandWaitsUntilHandBack() throws Exception {
    acquire("patient-agent");
    holdersPage("<h1>agent at work</h1>");
    Locator view = liveView(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> view.getAttribute("data-frames") != null);
    try (CdpSocket agent = CdpSocket.open(lease.get("cdp_ws_url").asText())) {
      assertTrue(agent.send("Browser.getVersion").has("product"), "the holder's relay answers before anyone takes control");

      view.locator("button.take").click();
      console.waitForSelector("[data-live-slot='0'][data-controlling='true']");
      CompletableFuture<JsonNode> held = agent.sendAsync("Target.getTargets", CdpSocket.params(), null);
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());

      view.locator("button.take").click();
      JsonNode answer = held.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(answer.path("targetInfos").isArray(), answer.toString());
      assertFalse(agent.closed().isDone(), "the holder's connection stays open through the takeover");
    }
  }

  @Test
  void aViewerThatReadsNothing_skipsFrames_whileAnotherViewerStillSeesTheNewest() throws Exception {
    acquire("painter");
    Page page = holdersPage("<body style='margin:0'><canvas id=c width=1200 height=900></canvas></body>");
    page.setViewportSize(1200, 900);
    String noise = "() => { const g = document.getElementById('c').getContext('2d'); const d = g.createImageData(1200, 900);"
        + " for (let i = 0; i < d.data.length; i += 65536) crypto.getRandomValues(d.data.subarray(i, Math.min(i + 65536, d.data.length)));"
        + " for (let i = 3; i < d.data.length; i += 4) d.data[i] = 255; g.putImageData(d, 0, 0); }";
    long droppedBefore = daemon.daemon().daemon().console().framesDropped();
    Locator view = liveView(0);
    try (java.net.Socket stalled = new java.net.Socket()) {
      // A live view whose tab froze: it completes the handshake, then never reads a frame.
      stalled.setReceiveBufferSize(64 * 1024);
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", daemon.api().port()));
      stalled.getOutputStream().write(("GET /console/live/0 HTTP/1.1\r\nHost: 127.0.0.1:" + daemon.api().port()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      stalled.getOutputStream().flush();
      // Frames of noise do not compress: a few fill the stalled socket, and newer ones replace the one waiting.
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        page.evaluate(noise);
        return daemon.daemon().daemon().console().framesDropped() > droppedBefore + 3;
      });
      page.evaluate("() => { const g = document.getElementById('c').getContext('2d'); g.fillStyle = 'rgb(0,0,255)';"
          + " g.fillRect(0, 0, 1200, 900); }");
      await().atMost(Duration.ofSeconds(20)).until(() -> centrePixel(view).equals("blue"));
    }
  }

  @Test
  void aStillPage_sendsNoMoreFramesOnceItIsShown() {
    Locator view = liveView(1);
    java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("");
    await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> {
      String now = view.getAttribute("data-frames");
      return now != null && now.equals(last.getAndSet(now));
    });
    String shown = last.get();
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
        .until(() -> shown.equals(view.getAttribute("data-frames")));
  }

  @Test
  void closingTheLastViewStopsTheCapture() {
    Locator view = liveView(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> view.getAttribute("data-frames") != null);
    assertEquals(1, daemon.daemon().daemon().console().capturing());
    assertTrue(daemon.api().get("/metrics").body().contains("\nescarp_console_live_captures 1\n"), "operators see it");
    view.locator("button[title='close']").click();
    await().atMost(Duration.ofSeconds(5)).until(() -> daemon.daemon().daemon().console().capturing() == 0);
    assertTrue(daemon.api().get("/metrics").body().contains("\nescarp_console_live_captures 0\n"));
  }
}
