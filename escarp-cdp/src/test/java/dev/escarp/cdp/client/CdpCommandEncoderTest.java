package dev.escarp.cdp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.testing.Json;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class CdpCommandEncoderTest {

  private static JsonNode encode(CdpCommand command) throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel(new CdpCommandEncoder());
    channel.writeOutbound(command);
    TextWebSocketFrame frame = channel.readOutbound();
    try {
      return Json.MAPPER.readTree(frame.text());
    } finally {
      frame.release();
      assertFalse(channel.finishAndReleaseAll());
    }
  }

  @Test
  void command_isOneTextFrameWithIdMethodAndParams() throws Exception {
    JsonNode json = encode(new CdpCommand(5, "Target.createTarget", Json.object().put("url", "about:blank"), null));

    assertEquals(5, json.get("id").asLong());
    assertEquals("Target.createTarget", json.get("method").asText());
    assertEquals("about:blank", json.get("params").get("url").asText());
    assertFalse(json.has("sessionId"));
  }

  @Test
  void sessionCommand_carriesItsSessionId_andNoParamsWhenThereAreNone() throws Exception {
    JsonNode json = encode(new CdpCommand(6, "Page.enable", null, "SESSION"));

    assertEquals("SESSION", json.get("sessionId").asText());
    assertFalse(json.has("params"));
  }
}
