package dev.escarp.broker.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands requests for a mounted path to its {@link StreamingRoute} (after the mount's guard), and
 * passes every other request on to the API. Sits just before {@code ApiRequestHandler}; turns
 * Netty's request into an {@link ApiRequest} and the route's answers back into Netty's
 * responses, so no route sees a buffer.
 */
final class StreamingRequestHandler extends ChannelInboundHandlerAdapter {

  private final List<StreamingMount> mounts;
  private final ConnectionTimeouts timeouts;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  // Event-loop confined: whole responses still owed, and whether the peer stopped sending (FIN).
  private int owed;
  private boolean inputShutdown;

  StreamingRequestHandler(List<StreamingMount> mounts, ConnectionTimeouts timeouts) {
    this.mounts = List.copyOf(mounts);
    this.timeouts = timeouts;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed.complete(null);
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof ChannelInputShutdownEvent && owed > 0) {
      // A client may send its request and shut its side: answer it first, then close (the API's
      // handler would close at once, knowing nothing of this handler's requests).
      inputShutdown = true;
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  /** A whole response was written: close if the peer is done sending and nothing else is owed. */
  private void answered(ChannelHandlerContext ctx, ChannelFuture written) {
    owed--;
    if (inputShutdown && owed == 0) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || request.decoderResult().isFailure()) {
      ctx.fireChannelRead(msg);
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    Optional<StreamingMount> mount = mounts.stream().filter(m -> m.path().equals(path)).findFirst();
    if (mount.isEmpty()) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      serve(ctx, request, path, mount.get());
    } finally {
      request.release();
    }
  }

  private void serve(ChannelHandlerContext ctx, FullHttpRequest request, String path, StreamingMount mount) {
    timeouts.requestReceived();
    HttpHeaders headers = request.headers();
    ApiRequest apiRequest = new ApiRequest(request.method().name(), path, name -> Optional.ofNullable(headers.get(name)),
        ByteBufUtil.getBytes(request.content()), closed, timeouts);
    NettyResponder responder = new NettyResponder(ctx, HttpUtil.isKeepAlive(request));
    owed++;
    try {
      // The guard's filters throw their refusal; the stand-in route behind them only lets it through.
      mount.guard().apply(r -> CompletableFuture.completedFuture(null)).handle(apiRequest);
      mount.route().handle(apiRequest, responder);
    } catch (RuntimeException e) {
      responder.respond(ApiException.responseFor(e), Map.of());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.fireExceptionCaught(cause);
  }

  /** Answers one request, once; from any thread (Netty's writes are thread-safe). */
  private final class NettyResponder implements Responder {

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final AtomicBoolean answered = new AtomicBoolean();

    NettyResponder(ChannelHandlerContext ctx, boolean keepAlive) {
      this.ctx = ctx;
      this.keepAlive = keepAlive;
    }

    private boolean claim() {
      if (!answered.compareAndSet(false, true)) {
        throw new IllegalStateException("this request was already answered");
      }
      ctx.executor().execute(timeouts::requestAnswered);
      return ctx.channel().isActive();
    }

    @Override
    public void respond(ApiResponse response, Map<String, String> headers) {
      if (!claim()) {
        return;
      }
      FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
      response.headers().forEach((k, v) -> http.headers().set(k, v));
      headers.forEach((k, v) -> http.headers().set(k, v));
      if (response.body().length > 0 || response.status() != 202) {
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
      }
      http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
      HttpUtil.setKeepAlive(http, keepAlive);
      ctx.executor().execute(() -> {
        ChannelFuture written = ctx.writeAndFlush(http);
        if (!keepAlive) {
          written.addListener(ChannelFutureListener.CLOSE);
        }
        answered(ctx, written);
      });
    }

    @Override
    public EventStream stream(Map<String, String> headers) {
      boolean open = claim();
      ctx.executor().execute(() -> owed--); // a stream is not a whole response still owed
      timeouts.keepOpen();
      HttpResponse http = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      headers.forEach((k, v) -> http.headers().set(k, v));
      http.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
      http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
      HttpUtil.setTransferEncodingChunked(http, true);
      SseStream stream = new SseStream(ctx);
      if (!open) {
        stream.closed.complete(null);
        return stream;
      }
      ctx.writeAndFlush(http);
      closed.thenRun(() -> stream.closed.complete(null));
      return stream;
    }
  }

  /** Events as chunks of one long response. */
  private static final class SseStream implements EventStream {

    private final ChannelHandlerContext ctx;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    SseStream(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public boolean send(String id, String event, String data) {
      if (closed.isDone() || !ctx.channel().isActive()) {
        return false;
      }
      StringBuilder text = new StringBuilder();
      if (id != null) {
        text.append("id: ").append(id).append('\n');
      }
      text.append("event: ").append(event).append('\n');
      for (String line : data.split("\n", -1)) {
        text.append("data: ").append(line).append('\n');
      }
      text.append('\n');
      ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
      return true;
    }

    @Override
    public void close() {
      if (closed.complete(null) && ctx.channel().isActive()) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public CompletableFuture<Void> closed() {
      return closed;
    }
  }
}
