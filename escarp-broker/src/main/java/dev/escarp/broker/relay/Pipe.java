package dev.escarp.broker.relay;

import dev.escarp.broker.metrics.RelayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Forwards the bytes of one side of a relayed connection to the other, unparsed. Backpressure:
 * while the other side cannot take more (its write buffer is over the high water mark), this
 * side stops reading, so a slow reader makes the sender wait instead of the daemon buffer.
 */
final class Pipe extends ChannelInboundHandlerAdapter {

  private final RelayConnection connection;
  private final boolean fromBrowser;
  private final Channel peer;
  private final RelayMetrics metrics;

  Pipe(RelayConnection connection, boolean fromBrowser, RelayMetrics metrics) {
    this.metrics = metrics;
    this.connection = connection;
    this.fromBrowser = fromBrowser;
    this.peer = fromBrowser ? connection.client() : connection.browser();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf bytes) || !connection.passing(fromBrowser, bytes)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!fromBrowser && connection.held()) {
      connection.keep(bytes); // read in the same batch the hold began: forwarded on hand back
      return;
    }
    peer.write(bytes, peer.voidPromise());
    if (!peer.isWritable()) {
      // Stop reading first: the flush may drain the peer at once, and its writability event
      // must find this side paused or it would never resume it.
      ctx.channel().config().setAutoRead(false);
      metrics.pausedReads();
      peer.flush();
      if (peer.isWritable() && !(!fromBrowser && connection.held())) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && !(fromBrowser && connection.held())) {
      peer.config().setAutoRead(true); // this side drained: the other may read again (unless a human holds it)
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ChannelInputShutdownEvent) {
      // The daemon's connections allow half-closure (for /hold); a WebSocket peer that sent FIN is gone.
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.closed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a peer that vanished mid-frame is routine
  }
}
