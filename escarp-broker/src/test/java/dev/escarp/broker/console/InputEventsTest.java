package dev.escarp.broker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.core.json.JsonTrees;
import org.junit.jupiter.api.Test;

/** A viewer's input becomes only the CDP Input command it names, with only the fields that command takes. */
class InputEventsTest {

  private static JsonNode json(String text) throws Exception {
    return JsonTrees.parse(text);
  }

  @Test
  void aClickBecomesAMouseEvent_atThePagesCoordinates() throws Exception {
    InputEvents.Command c = InputEvents.toCdp(json(
        "{\"type\":\"mouse\",\"event\":\"mousePressed\",\"x\":10.5,\"y\":20,\"button\":\"left\",\"clickCount\":1}")).orElseThrow();
    assertEquals("Input.dispatchMouseEvent", c.method());
    assertEquals("mousePressed", c.params().get("type").asText());
    assertEquals(10.5, c.params().get("x").asDouble());
    assertEquals("left", c.params().get("button").asText());
  }

  @Test
  void textAndKeysAndWheel_becomeTheirCommands() throws Exception {
    assertEquals("Input.insertText", InputEvents.toCdp(json("{\"type\":\"text\",\"text\":\"hé\"}")).orElseThrow().method());
    InputEvents.Command key = InputEvents.toCdp(json(
        "{\"type\":\"key\",\"event\":\"rawKeyDown\",\"key\":\"Enter\",\"code\":\"Enter\",\"keyCode\":13}")).orElseThrow();
    assertEquals("Input.dispatchKeyEvent", key.method());
    assertEquals(13, key.params().get("windowsVirtualKeyCode").asInt());
    InputEvents.Command wheel = InputEvents.toCdp(json("{\"type\":\"wheel\",\"x\":1,\"y\":2,\"deltaY\":120}")).orElseThrow();
    assertEquals("mouseWheel", wheel.params().get("type").asText());
  }

  @Test
  void anythingElse_isDropped_andNoOtherFieldPasses() throws Exception {
    assertTrue(InputEvents.toCdp(json("{\"type\":\"Runtime.evaluate\",\"expression\":\"1\"}")).isEmpty());
    assertTrue(InputEvents.toCdp(json("{\"type\":\"mouse\",\"event\":\"dragIntercepted\",\"x\":1,\"y\":1}")).isEmpty());
    assertTrue(InputEvents.toCdp(json("{\"type\":\"mouse\",\"event\":\"mouseMoved\",\"x\":\"1\",\"y\":1}")).isEmpty());
    InputEvents.Command c = InputEvents.toCdp(json(
        "{\"type\":\"mouse\",\"event\":\"mouseMoved\",\"x\":1,\"y\":1,\"button\":\"evil\",\"sessionId\":\"x\"}")).orElseThrow();
    assertEquals("none", c.params().get("button").asText());
    assertFalse(c.params().has("sessionId"));
  }
}
