package dev.escarp.broker.relay;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sits after the HTTP codec and takes over a connection that asks to upgrade to a WebSocket on a
 * relay path: it drops the API's handlers, finds the lease (or acquires one for a connect URL),
 * and has {@link BrowserDial} open the browser side. Every other request passes untouched.
 */
final class WebSocketTakeover extends ChannelInboundHandlerAdapter {

  /** The API's handlers a relayed connection no longer needs (timeouts would close it idle). */
  private static final List<String> API_HANDLERS = List.of("idle", "timeouts", "keep-alive", "aggregator", "streaming", "api");

  private final LeaseRelay relay;
  private boolean takenOver; // event-loop confined

  WebSocketTakeover(LeaseRelay relay) {
    this.relay = relay;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (takenOver) {
      ReferenceCountUtil.release(msg); // the rest of the upgrade request: it has no body
      return;
    }
    if (msg instanceof HttpRequest request && isWebSocketUpgrade(request)) {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      Optional<RelayPath> path = RelayPath.parse(uri.path());
      if (path.isPresent()) {
        takenOver = true;
        ReferenceCountUtil.release(msg);
        ctx.channel().config().setAutoRead(false);
        API_HANDLERS.forEach(name -> {
          if (ctx.pipeline().get(name) != null) {
            ctx.pipeline().remove(name);
          }
        });
        open(ctx, request, path.get(), uri.rawQuery());
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private void open(ChannelHandlerContext ctx, HttpRequest request, RelayPath path, String rawQuery) {
    Optional<ApiException> refused = relay.checks().refusal(path.connect() ? RelayPath.CONNECT : RelayPath.CDP,
        name -> Optional.ofNullable(request.headers().get(name)));
    if (refused.isPresent()) {
      refuse(ctx, refused.get().toResponse());
      return;
    }
    CompletableFuture<RelayLease> lease;
    try {
      lease = path.connect() ? relay.connects().join(path.key(),
          relay.connectOptions(rawQuery, Optional.ofNullable(request.headers().get("authorization"))))
          : relay.registry().find(path.key()).map(CompletableFuture::completedFuture)
              .orElseThrow(LeaseRelay::unknownLease);
    } catch (ApiException e) {
      refuse(ctx, e.toResponse());
      return;
    }
    lease.whenComplete((found, failure) -> ctx.executor().execute(() -> {
      if (failure != null) {
        refuse(ctx, ApiException.responseFor(failure));
      } else if (ctx.channel().isActive()) {
        new BrowserDial(relay, ctx.channel(), found, request).start(relay.browserPath(found, path));
      }
    }));
  }

  /** Answers the upgrade with an API error and closes; the relay never opened. */
  static void refuse(ChannelHandlerContext ctx, ApiResponse response) {
    refuse(ctx.channel(), response);
  }

  static void refuse(io.netty.channel.Channel channel, ApiResponse response) {
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
    http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    channel.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
  }

  private static boolean isWebSocketUpgrade(HttpRequest request) {
    return request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }
}
