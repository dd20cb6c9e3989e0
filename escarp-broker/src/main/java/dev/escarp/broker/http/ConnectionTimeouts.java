package dev.escarp.broker.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold a descriptor for nothing: one idle (no bytes either way) for the
 * idle timeout with no request in flight, and one whose request has not fully arrived within
 * the header timeout of its first byte (answered 408 {@code request_timeout} first, when no
 * earlier answer is still due). A request in flight (a {@code /hold}, an acquire that
 * waits) is never idle; a connection a route marked long-lived ({@link ConnectionControl}) is
 * exempt for good. Sits before the codec, after Netty's {@code IdleStateHandler}; every method
 * runs on the channel's event loop and nothing here blocks.
 */
final class ConnectionTimeouts extends ChannelDuplexHandler implements ConnectionControl {

  private final Duration headerTimeout;
  // Event-loop confined.
  private ChannelHandlerContext ctx;
  private int inFlight;
  private boolean receiving;
  private boolean longLived;
  private ScheduledFuture<?> headerDeadline;

  ConnectionTimeouts(Duration headerTimeout) {
    this.headerTimeout = headerTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf bytes && bytes.isReadable() && !receiving && !longLived) {
      receiving = true;
      headerDeadline = ctx.executor().schedule(this::headerTimedOut, headerTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      if (inFlight == 0 && !longLived) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelHeaderDeadline(); // the connection became a relayed WebSocket: no request timeouts apply
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelHeaderDeadline();
    super.channelInactive(ctx);
  }

  /** A whole request arrived and went to its route. */
  void requestReceived() {
    receiving = false;
    cancelHeaderDeadline();
    inFlight++;
  }

  /** A request's answer was handed to the channel. */
  void requestAnswered() {
    inFlight--;
  }

  /** Callable from any thread: the rest runs on the event loop. */
  @Override
  public void keepOpen() {
    if (ctx == null) {
      return;
    }
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(this::keepOpen);
      return;
    }
    longLived = true;
    cancelHeaderDeadline();
  }

  private void headerTimedOut() {
    headerDeadline = null;
    if (!receiving || longLived) {
      return;
    }
    if (inFlight > 0) {
      ctx.close(); // an earlier answer is still due on this connection: a 408 would cut into it
      return;
    }
    // Written below the codec, which holds half a request: the bytes go straight to the socket.
    String body = "{\"error\":\"request_timeout\",\"message\":\"the request did not arrive whole within "
        + headerTimeout.toMillis() / 1000.0 + " s (ESCARP_HEADER_TIMEOUT_S)\"}";
    String response = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void cancelHeaderDeadline() {
    if (headerDeadline != null) {
      headerDeadline.cancel(false);
      headerDeadline = null;
    }
  }
}
