package dev.escarp.broker.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.core.json.JsonTrees;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * One live view's WebSocket ({@code /console/live/<slot>}): JPEG frames go out as binary
 * messages, each preceded by a {@code meta} text message when the page's size changed; input
 * comes in as text messages. A viewer never queues frames: while one is being written, only the
 * newest waiting frame is kept and older ones are dropped, so a slow viewer sees fewer frames,
 * never older ones, and the daemon holds at most two frames per viewer.
 */
final class Viewer extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final int slot;
  private final LiveViews views;
  private final Controls controls;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile Channel channel;
  // Event-loop confined.
  private boolean writing;
  private byte[] waiting;
  private String waitingMeta;
  private String sentMeta;

  Viewer(int slot, LiveViews views, Controls controls) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    this.id = HexFormat.of().formatHex(bytes);
    this.slot = slot;
    this.views = views;
    this.controls = controls;
  }

  String id() {
    return id;
  }

  int slot() {
    return slot;
  }

  CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      channel = ctx.channel();
      sendJson("{\"type\":\"hello\",\"viewer\":\"" + id + "\",\"slot\":" + slot + "}");
      views.join(this);
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame text)) {
      return;
    }
    JsonNode message;
    try {
      message = JsonTrees.parse(text.text());
    } catch (IOException e) {
      sendJson("{\"type\":\"error\",\"message\":\"input must be JSON\"}");
      return;
    }
    if (message != null) {
      controls.input(this, message);
    }
  }

  /** A new frame for this viewer; from any thread. */
  void offer(byte[] jpeg, String meta) {
    Channel c = channel;
    if (c == null) {
      return;
    }
    c.eventLoop().execute(() -> {
      if (writing) {
        if (waiting != null) {
          views.dropped(); // replaced unsent: the viewer gets the newest frame, not every frame
        }
        waiting = jpeg;
        waitingMeta = meta;
      } else {
        write(jpeg, meta);
      }
    });
  }

  private void write(byte[] jpeg, String meta) {
    Channel c = channel;
    if (!c.isActive()) {
      return;
    }
    if (!meta.equals(sentMeta)) {
      sentMeta = meta;
      c.write(new TextWebSocketFrame(meta));
    }
    writing = true;
    c.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(jpeg))).addListener(done -> {
      writing = false;
      if (waiting != null) {
        byte[] next = waiting;
        waiting = null;
        write(next, waitingMeta);
      }
    });
  }

  /** Tells this viewer whether it now controls the page. */
  void controlling(boolean on) {
    sendJson("{\"type\":\"control\",\"controlling\":" + on + "}");
  }

  void sendJson(String json) {
    Channel c = channel;
    if (c != null && c.isActive()) {
      c.writeAndFlush(new TextWebSocketFrame(json));
    }
  }

  void close() {
    Channel c = channel;
    if (c != null) {
      c.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    views.leave(this);
    closed.complete(null);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a viewer that vanished mid-frame is routine
  }
}
