package dev.escarp.cdp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.testing.Json;
import dev.escarp.cdp.testing.TestPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real Chromium, shared by the tests of this class. */
@Timeout(60)
class CdpClientTest {

  @TempDir static Path home;

  private static TestPool pool;
  private static LaunchResult.Launched browser;
  private static CdpClient client;

  private final List<String> openedTargets = new ArrayList<>();

  @BeforeAll
  static void launchBrowser() {
    pool = TestPool.create(home, 1);
    browser = pool.launchAll().get(0);
    client = CdpClient.connect(browser.version().webSocketDebuggerUrl()).join();
  }

  @AfterAll
  static void stopBrowser() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      pool.close();
    }
  }

  @AfterEach
  void closeOpenedTargets() {
    for (String id : openedTargets) {
      client.send("Target.closeTarget", Json.object().put("targetId", id)).exceptionally(e -> null).join();
    }
  }

  private CdpSession openPage(String url) {
    String id = client.send("Target.createTarget", Json.object().put("url", url)).join().get("targetId").asText();
    openedTargets.add(id);
    return client.attachToTarget(id).join();
  }

  @Test
  void browserGetVersion_overTheBrowserSocket_returnsProductAndProtocolVersion() {
    ObjectNode version = client.send("Browser.getVersion").join();

    assertTrue(version.get("product").asText().contains("Chrome"), version.toString());
    assertEquals("1.3", version.get("protocolVersion").asText());
  }

  @Test
  void unknownMethod_failsWithCdpCommandException_carryingCdpsCode() {
    CompletionException e = assertThrows(CompletionException.class, () -> client.send("No.suchMethod").join());

    CdpCommandException error = assertInstanceOf(CdpCommandException.class, e.getCause());
    assertEquals(-32601, error.code());
    assertTrue(error.cdpMessage().contains("wasn't found"), error.cdpMessage());
  }

  @Test
  void flattenedSession_evaluatesInItsPage() {
    CdpSession page = openPage("about:blank");

    ObjectNode result = page.send("Runtime.evaluate", Json.object().put("expression", "6 * 7")).join();

    assertEquals(42, result.path("result").path("value").asInt());
  }

  @Test
  void manyConcurrentCommands_eachCompleteWithTheirOwnAnswer() {
    CdpSession page = openPage("about:blank");
    List<CompletableFuture<ObjectNode>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(page.send("Runtime.evaluate", Json.object().put("expression", i + " * 2")));
    }

    for (int i = 0; i < answers.size(); i++) {
      assertEquals(i * 2, answers.get(i).join().path("result").path("value").asInt());
    }
  }

  @Test
  void targetEvents_areDeliveredToListeners() throws Exception {
    CompletableFuture<CdpEvent> created = new CompletableFuture<>();
    Subscription subscription = client.onEvent("Target.targetCreated", e -> {
      if (e.params().path("targetInfo").path("url").asText().equals("about:blank#events")) {
        created.complete(e);
      }
    });
    client.send("Target.setDiscoverTargets", Json.object().put("discover", true)).join();
    try {
      CdpSession page = openPage("about:blank#events");

      CdpEvent event = created.get(10, TimeUnit.SECONDS);
      assertEquals("page", event.params().path("targetInfo").path("type").asText());
      assertTrue(event.sessionId().isEmpty(), "a browser-level event carries no session");
      assertTrue(page.id().length() > 0);
    } finally {
      client.send("Target.setDiscoverTargets", Json.object().put("discover", false)).join();
      subscription.close();
    }
  }

  @Test
  void sessionEvents_carryTheirSession_andReachTheSessionsListener() throws Exception {
    CdpSession page = openPage("about:blank");
    CompletableFuture<CdpEvent> loaded = new CompletableFuture<>();
    page.onEvent("Page.loadEventFired", loaded::complete);
    page.send("Page.enable").join();

    page.send("Page.navigate", Json.object().put("url", "data:text/html,<p>hello</p>")).join();

    CdpEvent event = loaded.get(10, TimeUnit.SECONDS);
    assertEquals(page.id(), event.sessionId().orElseThrow());
  }

  @Test
  void screenshotOfALargeNoisyPage_isLargerThanOneMegabyte_andArrivesWhole() {
    int width = 1600;
    int height = 1200;
    CdpSession page = openPage("about:blank");
    page.send(
            "Emulation.setDeviceMetricsOverride",
            Json.object().put("width", width).put("height", height).put("deviceScaleFactor", 1).put("mobile", false))
        .join();
    // Random pixels: PNG cannot compress them, so the screenshot is several MB.
    String paintNoise =
        "(() => { document.body.style.margin = '0';"
            + " const c = document.createElement('canvas'); c.width = " + width + "; c.height = " + height + ";"
            + " document.body.appendChild(c); const g = c.getContext('2d');"
            + " const img = g.createImageData(c.width, c.height); const px = new Uint32Array(img.data.buffer);"
            + " for (let i = 0; i < px.length; i++) px[i] = (Math.random() * 0xffffffff) | 0xff000000;"
            + " g.putImageData(img, 0, 0); return px.length; })()";
    page.send("Runtime.evaluate", Json.object().put("expression", paintNoise)).join();

    ObjectNode shot =
        page.send("Page.captureScreenshot", Json.object().put("format", "png"), Duration.ofSeconds(30)).join();

    byte[] png = Base64.getDecoder().decode(shot.get("data").asText());
    assertTrue(png.length > 1024 * 1024, "screenshot is only " + png.length + " bytes");
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assertArrayEquals(signature, Arrays.copyOf(png, 8));
  }
}
