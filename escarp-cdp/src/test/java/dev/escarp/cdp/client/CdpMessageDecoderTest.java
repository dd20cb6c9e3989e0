package dev.escarp.cdp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CdpMessageDecoderTest {

  private final EmbeddedChannel channel = new EmbeddedChannel(new CdpMessageDecoder());

  @AfterEach
  void releaseEverything() {
    // Fails on leaked buffers too: every frame must have been released by the decoder.
    assertFalse(channel.finishAndReleaseAll());
  }

  private Object decode(String json) {
    channel.writeInbound(new TextWebSocketFrame(json));
    return channel.readInbound();
  }

  @Test
  void answer_becomesAResponseWithItsResult() {
    CdpResponse response = assertInstanceOf(CdpResponse.class, decode("{\"id\":7,\"result\":{\"a\":1}}"));

    assertEquals(7, response.id());
    assertEquals(1, response.result().get("a").asInt());
    assertNull(response.error());
  }

  @Test
  void answerWithoutResult_becomesAResponseWithAnEmptyResult() {
    CdpResponse response = assertInstanceOf(CdpResponse.class, decode("{\"id\":8}"));

    assertTrue(response.result().isEmpty());
  }

  @Test
  void errorAnswer_becomesAResponseWithItsError() {
    CdpResponse response =
        assertInstanceOf(CdpResponse.class, decode("{\"id\":9,\"error\":{\"code\":-32601,\"message\":\"nope\"}}"));

    assertNull(response.result());
    assertEquals(-32601, response.error().get("code").asInt());
  }

  @Test
  void event_becomesACdpEventWithItsSession() {
    CdpEvent event =
        assertInstanceOf(CdpEvent.class, decode("{\"method\":\"Page.loadEventFired\",\"params\":{\"t\":1},\"sessionId\":\"S\"}"));

    assertEquals("Page.loadEventFired", event.method());
    assertEquals(1, event.params().get("t").asInt());
    assertEquals("S", event.sessionId().orElseThrow());
  }

  @Test
  void answerThatCannotBeParsed_becomesAParseErrorForItsId_soTheCommandFailsAtOnce() {
    CdpResponse response = assertInstanceOf(CdpResponse.class, decode("{\"id\":12,\"result\":{\"data\":\"tru"));

    assertEquals(12, response.id());
    assertEquals(-32700, response.error().get("code").asInt());
  }

  @Test
  void notJson_isDropped() {
    assertNull(decode("this is not json"));
  }

  @Test
  void jsonThatIsNeitherAnswerNorEvent_isDropped() {
    assertNull(decode("[1,2,3]"));
    assertNull(decode("{\"hello\":1}"));
  }
}
