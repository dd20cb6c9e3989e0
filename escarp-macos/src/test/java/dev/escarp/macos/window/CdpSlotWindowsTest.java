package dev.escarp.macos.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.testing.FakeCdpServer;
import dev.escarp.cdp.testing.Json;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real CDP seam against a scripted DevTools endpoint: the commands it sends and how it reads answers. */
@Timeout(30)
class CdpSlotWindowsTest {

  private static FakeCdpServer browser() {
    return FakeCdpServer.start((command, reply) -> {
      switch (reply.method()) {
        case "Target.getTargets" -> {
          ObjectNode result = Json.object();
          result.putArray("targetInfos")
              .add(Json.object().put("targetId", "SW").put("type", "service_worker"))
              .add(Json.object().put("targetId", "PAGE-1").put("type", "page"));
          reply.result(result);
        }
        case "Browser.getWindowForTarget" -> {
          ObjectNode result = Json.object().put("windowId", 7);
          result.putObject("bounds").put("left", 88).put("top", 88).put("width", 1024).put("height", 560)
              .put("windowState", "maximized");
          reply.result(result);
        }
        case "SystemInfo.getProcessInfo" -> {
          ObjectNode result = Json.object();
          result.putArray("processInfo")
              .add(Json.object().put("type", "renderer").put("id", 11))
              .add(Json.object().put("type", "browser").put("id", 4242));
          reply.result(result);
        }
        case "Target.attachToTarget" -> reply.result(Json.object().put("sessionId", "S1"));
        case "Page.bringToFront" -> reply.error(-32000, "no window");
        default -> reply.result(Json.object());
      }
    });
  }

  @Test
  void readsThePageTheWindowAndTheBrowserPid() {
    try (FakeCdpServer server = browser();
        CdpSlotWindows cdp = new CdpSlotWindows(CdpClient.connect(server.uri()).join(), Duration.ofSeconds(5))) {

      assertEquals("PAGE-1", cdp.pageTargetId());
      assertEquals(new CdpWindow(7, new Bounds(88, 88, 1024, 560), "maximized"), cdp.windowForTarget("PAGE-1"));
      assertEquals(OptionalLong.of(4242), cdp.browserPid());
    }
  }

  @Test
  void setWindowBounds_restoresTheWindowBeforeSettingItsFrame() {
    try (FakeCdpServer server = browser();
        CdpSlotWindows cdp = new CdpSlotWindows(CdpClient.connect(server.uri()).join(), Duration.ofSeconds(5))) {

      cdp.setWindowBounds(7, new Bounds(40, 40, 1024, 560));

      List<String> sent = server.commands().stream()
          .filter(c -> c.path("method").asText().equals("Browser.setWindowBounds"))
          .map(c -> c.get("params").toString())
          .toList();
      assertEquals(List.of(
          "{\"windowId\":7,\"bounds\":{\"windowState\":\"normal\"}}",
          "{\"windowId\":7,\"bounds\":{\"left\":40,\"top\":40,\"width\":1024,\"height\":560}}"), sent);
    }
  }

  @Test
  void bringToFront_sendsPageBringToFrontInTheTargetsSession_andReportsItsError() {
    try (FakeCdpServer server = browser();
        CdpSlotWindows cdp = new CdpSlotWindows(CdpClient.connect(server.uri()).join(), Duration.ofSeconds(5))) {

      WindowCdpException e = assertThrows(WindowCdpException.class, () -> cdp.bringToFront("PAGE-1"));

      assertTrue(e.getMessage().startsWith("Page.bringToFront failed"), e.getMessage());
      ObjectNode bring = server.commands().stream()
          .filter(c -> c.path("method").asText().equals("Page.bringToFront")).findFirst().orElseThrow();
      assertEquals("S1", bring.path("sessionId").asText());
    }
  }

  @Test
  void pageTargetId_withNoPageOpen_saysThereIsNoWindow() {
    try (FakeCdpServer server = FakeCdpServer.start((c, reply) -> reply.result(Json.object()));
        CdpSlotWindows cdp = new CdpSlotWindows(CdpClient.connect(server.uri()).join(), Duration.ofSeconds(5))) {

      WindowCdpException e = assertThrows(WindowCdpException.class, cdp::pageTargetId);

      assertTrue(e.getMessage().contains("no page open"), e.getMessage());
    }
  }
}
