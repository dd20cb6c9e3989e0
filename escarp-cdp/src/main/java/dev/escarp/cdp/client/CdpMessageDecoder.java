package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns each (aggregated) text frame into a {@link CdpResponse} or a {@link CdpEvent}, so that no
 * handler after this one sees a ByteBuf. An answer that cannot be parsed fails its command at once
 * (its id comes first); any other odd message is logged and dropped: one odd message must not take
 * the whole connection down.
 *
 * <p>Parsing runs on the event loop: CPU work, not a blocking call, but a multi-MB screenshot costs
 * that loop some milliseconds, so screenshot-heavy users may want a group of their own.
 */
final class CdpMessageDecoder extends MessageToMessageDecoder<TextWebSocketFrame> {

  private static final System.Logger LOG = System.getLogger(CdpMessageDecoder.class.getName());
  private static final Pattern LEADING_ID = Pattern.compile("\\s*\\{\\s*\"id\"\\s*:\\s*(\\d{1,18})");

  CdpMessageDecoder() {
    super(TextWebSocketFrame.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, TextWebSocketFrame frame, List<Object> out) {
    JsonNode node;
    try (InputStream in = new ByteBufInputStream(frame.content().duplicate())) {
      node = JsonTrees.parse(in);
    } catch (IOException e) {
      OptionalLong id = leadingId(frame.content());
      if (id.isPresent()) {
        // Fail the command now rather than let it wait for its timeout.
        out.add(new CdpResponse(id.getAsLong(), null, parseError(e)));
      } else {
        LOG.log(System.Logger.Level.WARNING, "dropping a DevTools message that is not JSON: {0}", e.getMessage());
      }
      return;
    }
    Object message = toMessage(node);
    if (message == null) {
      LOG.log(System.Logger.Level.WARNING, "dropping an unexpected DevTools message: {0}", abbreviate(node));
      return;
    }
    out.add(message);
  }

  static Object toMessage(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode id = node.get("id");
    if (id != null && id.canConvertToLong()) {
      JsonNode error = node.get("error");
      if (error != null && error.isObject()) {
        return new CdpResponse(id.asLong(), null, (ObjectNode) error);
      }
      return new CdpResponse(id.asLong(), objectOrEmpty(node.get("result")), null);
    }
    JsonNode method = node.get("method");
    if (method != null && method.isTextual()) {
      JsonNode session = node.get("sessionId");
      return new CdpEvent(
          method.asText(),
          objectOrEmpty(node.get("params")),
          session != null && session.isTextual() ? Optional.of(session.asText()) : Optional.empty());
    }
    return null;
  }

  /** Chromium writes {@code "id"} first in an answer, so it can be read even if the rest cannot. */
  static OptionalLong leadingId(ByteBuf content) {
    int length = Math.min(content.readableBytes(), 64);
    Matcher m = LEADING_ID.matcher(content.toString(content.readerIndex(), length, StandardCharsets.US_ASCII));
    return m.lookingAt() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  private static ObjectNode parseError(IOException e) {
    String detail = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return JsonNodeFactory.instance.objectNode()
        .put("code", -32700)
        .put("message", "could not parse the answer: " + detail);
  }

  private static ObjectNode objectOrEmpty(JsonNode node) {
    return node != null && node.isObject() ? (ObjectNode) node : JsonNodeFactory.instance.objectNode();
  }

  private static String abbreviate(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
