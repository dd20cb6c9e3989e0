package dev.escarp.broker.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import java.util.Optional;
import java.util.Set;

/**
 * A viewer's input message as a CDP {@code Input} command. Only known kinds and fields pass, so a
 * viewer cannot send the page any other command: {@code mouse} ({@code Input.dispatchMouseEvent}),
 * {@code wheel} (a {@code mouseWheel} event), {@code key} ({@code Input.dispatchKeyEvent}) and
 * {@code text} ({@code Input.insertText}). Coordinates are CSS pixels of the page.
 */
final class InputEvents {

  record Command(String method, ObjectNode params) {}

  private static final Set<String> MOUSE = Set.of("mousePressed", "mouseReleased", "mouseMoved");
  private static final Set<String> KEY = Set.of("keyDown", "keyUp", "rawKeyDown", "char");
  private static final Set<String> BUTTONS = Set.of("none", "left", "middle", "right", "back", "forward");

  private InputEvents() {
  }

  static Optional<Command> toCdp(JsonNode m) {
    String kind = m.path("type").asText("");
    ObjectNode p = JsonTrees.object();
    switch (kind) {
      case "mouse" -> {
        String event = m.path("event").asText("");
        if (!MOUSE.contains(event) || !m.path("x").isNumber() || !m.path("y").isNumber()) {
          return Optional.empty();
        }
        p.put("type", event).put("x", m.get("x").asDouble()).put("y", m.get("y").asDouble());
        String button = m.path("button").asText("none");
        p.put("button", BUTTONS.contains(button) ? button : "none");
        p.put("clickCount", Math.max(0, Math.min(3, m.path("clickCount").asInt(event.equals("mouseMoved") ? 0 : 1))));
        p.put("modifiers", m.path("modifiers").asInt(0) & 0xF);
        return Optional.of(new Command("Input.dispatchMouseEvent", p));
      }
      case "wheel" -> {
        if (!m.path("x").isNumber() || !m.path("y").isNumber()) {
          return Optional.empty();
        }
        p.put("type", "mouseWheel").put("x", m.get("x").asDouble()).put("y", m.get("y").asDouble())
            .put("deltaX", m.path("deltaX").asDouble(0)).put("deltaY", m.path("deltaY").asDouble(0));
        return Optional.of(new Command("Input.dispatchMouseEvent", p));
      }
      case "key" -> {
        String event = m.path("event").asText("");
        if (!KEY.contains(event)) {
          return Optional.empty();
        }
        p.put("type", event);
        copyText(m, p, "key");
        copyText(m, p, "code");
        copyText(m, p, "text");
        if (m.path("keyCode").isInt()) {
          p.put("windowsVirtualKeyCode", m.get("keyCode").asInt());
        }
        p.put("modifiers", m.path("modifiers").asInt(0) & 0xF);
        return Optional.of(new Command("Input.dispatchKeyEvent", p));
      }
      case "text" -> {
        if (!m.path("text").isTextual() || m.get("text").asText().length() > 10_000) {
          return Optional.empty();
        }
        p.put("text", m.get("text").asText());
        return Optional.of(new Command("Input.insertText", p));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    if (from.path(field).isTextual() && from.get(field).asText().length() <= 32) {
      to.put(field, from.get(field).asText());
    }
  }
}
