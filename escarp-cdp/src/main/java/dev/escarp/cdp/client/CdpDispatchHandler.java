package dev.escarp.cdp.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The last stage: completes the handshake future, hands answers to {@link PendingCommands} and
 * events to {@link EventListeners}, and fails everything pending the moment the socket goes away.
 */
final class CdpDispatchHandler extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(CdpDispatchHandler.class.getName());

  private final URI uri;
  private final PendingCommands pending;
  private final EventListeners listeners;
  private final CompletableFuture<Void> handshake;

  CdpDispatchHandler(
      URI uri, PendingCommands pending, EventListeners listeners, CompletableFuture<Void> handshake) {
    this.uri = uri;
    this.pending = pending;
    this.listeners = listeners;
    this.handshake = handshake;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof CdpResponse response) {
      pending.complete(response);
    } else if (msg instanceof CdpEvent event) {
      listeners.deliver(event);
    } else {
      ReferenceCountUtil.release(msg); // binary or other frames: CDP sends none
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      handshake.complete(null);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      handshake.completeExceptionally(new CdpException("WebSocket handshake with " + uri + " timed out"));
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    handshake.completeExceptionally(
        new CdpException("connection to " + uri + " closed during the WebSocket handshake"));
    pending.failAll(new CdpClosedException("connection to " + uri + " closed"));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!handshake.isDone()) {
      handshake.completeExceptionally(
          new CdpException("WebSocket handshake with " + uri + " failed: " + cause.getMessage(), cause));
    } else {
      LOG.log(System.Logger.Level.WARNING, "CDP connection to " + uri + " failed; closing it", cause);
    }
    ctx.close();
  }
}
