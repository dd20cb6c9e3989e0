package dev.escarp.broker.console;

import dev.escarp.broker.filters.ConsoleCookie;
import dev.escarp.broker.filters.UpgradeChecks;
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
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Takes over a connection that upgrades to a WebSocket on {@code /console/live/<slot>}, after the
 * API's rules for the console: loopback Host, an Origin naming the daemon itself, and (with a
 * token set) the bearer header or the console's cookie. The API's handlers leave the pipeline;
 * Netty's WebSocket handlers and a {@link Viewer} take their place. Anything else passes on.
 */
final class LiveSocket extends ChannelInboundHandlerAdapter {

  static final String PATH = "/console/live/";
  private static final List<String> API_HANDLERS = List.of("idle", "timeouts", "keep-alive", "aggregator", "streaming", "api");

  private final UpgradeChecks checks;
  private final Optional<ConsoleCookie> cookie;
  private final IntPredicate inPool;
  private final LiveViews views;
  private final Controls controls;

  LiveSocket(UpgradeChecks checks, Optional<ConsoleCookie> cookie, IntPredicate inPool, LiveViews views,
      Controls controls) {
    this.checks = checks;
    this.cookie = cookie;
    this.inPool = inPool;
    this.views = views;
    this.controls = controls;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpObject)) {
      ctx.pipeline().remove(this); // another handler took the connection over (the relay)
      ctx.fireChannelRead(msg);
      return;
    }
    if (!(msg instanceof HttpRequest request)
        || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      ctx.fireChannelRead(msg);
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (!path.startsWith(PATH)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Optional<ApiException> refused = refusal(request, path);
    if (refused.isPresent()) {
      ReferenceCountUtil.release(msg);
      ctx.channel().config().setAutoRead(false);
      refuse(ctx, refused.get().toResponse());
      return;
    }
    int slot = Integer.parseInt(path.substring(PATH.length()));
    API_HANDLERS.forEach(name -> {
      if (ctx.pipeline().get(name) != null) {
        ctx.pipeline().remove(name);
      }
    });
    ctx.pipeline()
        .addAfter(ctx.name(), "live-aggregator", new HttpObjectAggregator(8192))
        .addAfter("live-aggregator", "live-websocket", new WebSocketServerProtocolHandler(
            WebSocketServerProtocolConfig.newBuilder().websocketPath(path).maxFramePayloadLength(64 * 1024)
                .handleCloseFrames(true).dropPongFrames(true).build()))
        .addAfter("live-websocket", "live-viewer", new Viewer(slot, views, controls));
    ctx.fireChannelRead(msg); // the aggregator and the handshake take it from here
    ctx.pipeline().remove(this);
  }

  private Optional<ApiException> refusal(HttpRequest request, String path) {
    var headers = (dev.escarp.broker.http.RequestHeaders) name -> Optional.ofNullable(request.headers().get(name));
    Optional<ApiException> refused = checks.refusal(path, headers);
    if (refused.isPresent() && refused.get().status() == 401 && cookie.map(c -> c.admits(headers)).orElse(false)) {
      refused = Optional.empty();
    }
    if (refused.isEmpty() && !ConsoleCookie.sameOrigin(headers)) {
      refused = Optional.of(new ApiException(403, "forbidden_origin",
          "a live view opens from the console's own page, not from origin '" + headers.get("origin").orElse("") + "'"));
    }
    if (refused.isEmpty()) {
      String rest = path.substring(PATH.length());
      int slot;
      try {
        slot = Integer.parseInt(rest);
      } catch (NumberFormatException e) {
        return Optional.of(ApiException.badField("a live view's path is " + PATH + "<slot>, got " + path));
      }
      if (!inPool.test(slot)) {
        return Optional.of(new ApiException(404, "unknown_slot", "slot " + slot + " is not in the pool"));
      }
    }
    return refused;
  }

  private static void refuse(ChannelHandlerContext ctx, ApiResponse response) {
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
    http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
  }
}
