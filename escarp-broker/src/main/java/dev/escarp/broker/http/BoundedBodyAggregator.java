package dev.escarp.broker.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates bodies up to a limit; a larger one gets the contract's JSON 413, then the
 * connection closes. Before closing, the rest of the body is read and dropped (up to
 * {@value #DRAIN_LIMIT_BYTES} bytes or {@value #DRAIN_SECONDS} s): closing a socket with unread
 * data resets it, and the client would see a broken pipe instead of the answer.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {

  static final long DRAIN_LIMIT_BYTES = 8L * 1024 * 1024;
  static final long DRAIN_SECONDS = 5;

  private final int maxBytes;
  // Event-loop confined: set once a 413 is on its way.
  private boolean draining;
  private long drained;
  private ScheduledFuture<?> drainDeadline;
  private ChannelFuture answered;

  BoundedBodyAggregator(int maxBytes) {
    super(maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ApiResponse error = ApiResponse.error(413, "payload_too_large",
        "request bodies are limited to " + maxBytes + " bytes");
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(error.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, error.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, error.body().length);
    response.headers().set(HttpHeaderNames.CONNECTION, "close");
    // This connection ends here: the close is ours, after the drain, not keep-alive's on write.
    if (ctx.pipeline().get(HttpServerKeepAliveHandler.class) != null) {
      ctx.pipeline().remove(HttpServerKeepAliveHandler.class);
    }
    answered = ctx.writeAndFlush(response);
    draining = true;
    drainDeadline = ctx.executor().schedule(this::closeOnceAnswered, DRAIN_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!draining) {
      super.channelRead(ctx, msg);
      return;
    }
    boolean last = !(msg instanceof HttpContent) || msg instanceof LastHttpContent;
    if (msg instanceof HttpContent content) {
      drained += content.content().readableBytes();
    }
    ReferenceCountUtil.release(msg);
    if (last || drained > DRAIN_LIMIT_BYTES) {
      drainDeadline.cancel(false);
      closeOnceAnswered();
    }
  }

  private void closeOnceAnswered() {
    answered.addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (drainDeadline != null) {
      drainDeadline.cancel(false);
    }
    super.channelInactive(ctx);
  }
}
