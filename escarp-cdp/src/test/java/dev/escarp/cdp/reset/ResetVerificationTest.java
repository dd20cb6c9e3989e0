package dev.escarp.cdp.reset;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.testing.FakeCdpServer;
import dev.escarp.cdp.testing.Json;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resets against a scripted browser that does not do what it is told: the reset must throw. */
@Timeout(30)
class ResetVerificationTest {

  private static CdpSlotResetter resetter(ResetPolicy policy) {
    return new CdpSlotResetter(policy, VersionProbe.create(), CdpClientOptions.defaults(), Duration.ofMillis(200));
  }

  private static ObjectNode page(String id, String url) {
    return Json.object().put("targetId", id).put("type", "page").put("url", url).put("browserContextId", "CTX");
  }

  /** A browser whose answers are fixed per method; anything else answers {}. */
  private static FakeCdpServer browser(Map<String, ObjectNode> answers) {
    return FakeCdpServer.start((command, reply) -> reply.result(answers.getOrDefault(reply.method(), Json.object())));
  }

  private static ObjectNode targets(ObjectNode... pages) {
    ObjectNode result = Json.object();
    ArrayNode infos = result.putArray("targetInfos");
    for (ObjectNode p : pages) {
      infos.add(p);
    }
    return result;
  }

  @Test
  void tabsReset_whenAClosedPageStaysListed_failsLoudly() {
    try (FakeCdpServer server = browser(Map.of(
            "Target.createTarget", Json.object().put("targetId", "NEW"),
            "Target.getTargets", targets(page("NEW", "about:blank"), page("OLD", "http://example.test/")),
            "Target.closeTarget", Json.object().put("success", true)));
        CdpClient client = CdpClient.connect(server.uri()).join()) {

      ResetFailedException e = assertThrows(ResetFailedException.class, () -> resetter(ResetPolicy.TABS).reset(client));

      assertTrue(e.getMessage().contains("expected exactly one page target at about:blank, found 2"), e.getMessage());
      assertTrue(e.getMessage().contains("http://example.test/"), e.getMessage());
    }
  }

  @Test
  void tabsReset_whenTheOnlyPageLeftIsNotBlank_failsLoudly() {
    try (FakeCdpServer server = browser(Map.of(
            "Target.createTarget", Json.object().put("targetId", "NEW"),
            "Target.getTargets", targets(page("NEW", "http://navigated.test/"))));
        CdpClient client = CdpClient.connect(server.uri()).join()) {

      ResetFailedException e = assertThrows(ResetFailedException.class, () -> resetter(ResetPolicy.TABS).reset(client));

      assertTrue(e.getMessage().contains("found 1 [http://navigated.test/]"), e.getMessage());
    }
  }

  @Test
  void cleanReset_whenCookiesSurvive_failsLoudly() {
    ObjectNode cookies = Json.object();
    cookies.putArray("cookies").add(Json.object().put("name", "c").put("value", "1"));
    try (FakeCdpServer server = browser(Map.of(
            "Target.createTarget", Json.object().put("targetId", "NEW"),
            "Target.getTargets", targets(page("NEW", "about:blank")),
            "Target.attachToTarget", Json.object().put("sessionId", "S"),
            "Storage.getCookies", cookies));
        CdpClient client = CdpClient.connect(server.uri()).join()) {

      ResetFailedException e = assertThrows(ResetFailedException.class, () -> resetter(ResetPolicy.CLEAN).reset(client));

      assertTrue(e.getMessage().contains("1 cookie(s) survived"), e.getMessage());
    }
  }

  @Test
  void reset_whenTheBrowserWillNotOpenAPage_failsWithCdpsMessage() {
    try (FakeCdpServer server = FakeCdpServer.start((command, reply) -> reply.error(-32000, "Failed to open a new tab"));
        CdpClient client = CdpClient.connect(server.uri()).join()) {

      ResetFailedException e = assertThrows(ResetFailedException.class, () -> resetter(ResetPolicy.TABS).reset(client));

      assertTrue(e.getMessage().contains("could not open about:blank"), e.getMessage());
      assertTrue(e.getMessage().contains("Failed to open a new tab"), e.getMessage());
    }
  }
}
