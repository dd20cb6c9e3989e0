package dev.escarp.broker.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a Netty request into an {@link ApiRequest}, runs the route, and writes its answer. The
 * last stage of the pipeline; the only class that sees Netty's request and response types.
 */
final class ApiRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final System.Logger LOG = System.getLogger(ApiRequestHandler.class.getName());

  private final Route route;
  private final ConnectionTimeouts timeouts;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  // Event-loop confined: requests not yet answered, and whether the peer stopped sending.
  private int unanswered;
  private boolean inputShutdown;

  ApiRequestHandler(Route route, ConnectionTimeouts timeouts) {
    this.route = route;
    this.timeouts = timeouts;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed.complete(null);
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ChannelInputShutdownEvent) {
      // The peer sent FIN: it closed, or only stopped sending. Either way a connection-bound
      // lease (/hold) ends now; answers still in flight are written before the channel closes.
      inputShutdown = true;
      closed.complete(null);
      if (unanswered == 0) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    unanswered++;
    timeouts.requestReceived();
    if (request.decoderResult().isFailure()) {
      write(ctx, ApiResponse.error(400, "bad_request", "malformed HTTP request"), false);
      return;
    }
    HttpHeaders nettyHeaders = request.headers(); // case-insensitive already, and not reference-counted
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    ApiRequest apiRequest = new ApiRequest(
        request.method().name(),
        uri.path(),
        name -> Optional.ofNullable(nettyHeaders.get(name)),
        ByteBufUtil.getBytes(request.content()),
        closed,
        timeouts,
        uri.rawQuery());
    CompletableFuture<ApiResponse> answer;
    try {
      answer = route.handle(apiRequest);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete((response, failure) -> {
      ApiResponse out = failure == null ? response : ApiException.responseFor(failure);
      if (ctx.executor().inEventLoop()) {
        write(ctx, out, keepAlive);
      } else {
        ctx.executor().execute(() -> write(ctx, out, keepAlive));
      }
    });
  }

  private void write(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
    unanswered--;
    timeouts.requestAnswered();
    if (!ctx.channel().isActive()) {
      return;
    }
    keepAlive &= !(inputShutdown && unanswered == 0);
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
    response.headers().forEach((k, v) -> http.headers().set(k, v));
    http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    HttpUtil.setKeepAlive(http, keepAlive);
    var written = ctx.writeAndFlush(http);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Peers that vanish or send garbage mid-request are routine: say nothing, drop the connection.
    if (!(cause instanceof IOException) && !(cause instanceof io.netty.handler.codec.DecoderException)) {
      LOG.log(Level.WARNING, "connection error: " + cause);
    }
    ctx.close();
  }
}
