package dev.escarp.broker.relay;

import dev.escarp.broker.http.ApiResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.Map;

/**
 * Opens the browser side of a relayed WebSocket on the holder connection's own event loop, sends
 * the holder's handshake on (Host set to the browser, Origin dropped: the daemon checked it), and
 * on the browser's 101 hands both channels to {@link Pipe}s: from then on bytes flow unparsed.
 */
final class BrowserDial extends ChannelInboundHandlerAdapter {

  /** Each side buffers at most this much for the other before the other stops reading. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private final LeaseRelay relay;
  private final Channel client;
  private final RelayLease lease;
  private final HttpRequest upgrade;
  private HttpResponse answer; // event-loop confined

  BrowserDial(LeaseRelay relay, Channel client, RelayLease lease, HttpRequest upgrade) {
    this.relay = relay;
    this.client = client;
    this.lease = lease;
    this.upgrade = upgrade;
  }

  void start(String browserPath) {
    BrowserDial dial = this;
    new Bootstrap()
        .group(client.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast("codec", new HttpClientCodec()).addLast("dial", dial);
          }
        })
        .connect(lease.slot.host(), lease.slot.cdpPort())
        .addListener(connected -> {
          if (!connected.isSuccess()) {
            WebSocketTakeover.refuse(client, ApiResponse.error(409, "browser_unavailable",
                "the browser of slot " + lease.slot.index() + " is not answering (it may be restarting)"));
            return;
          }
          Channel browser = ((io.netty.channel.ChannelFuture) connected).channel();
          client.closeFuture().addListener(f -> browser.close());
          browser.writeAndFlush(handshake(browserPath));
        });
  }

  private FullHttpRequest handshake(String browserPath) {
    // A remote's own query (its token) and headers go with the handshake; the holder never sees them.
    String query = lease.slot.remote().map(r -> r.rawQuery()).orElse("");
    String path = query.isEmpty() ? browserPath : browserPath + (browserPath.contains("?") ? "&" : "?") + query;
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
    for (Map.Entry<String, String> header : upgrade.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("sec-websocket-") || name.equals("upgrade") || name.equals("connection")
          || name.equals("user-agent")) {
        request.headers().add(header.getKey(), header.getValue());
      }
    }
    request.headers().set(HttpHeaderNames.HOST, BrowserJson.hostPort(lease.slot));
    lease.slot.remote().ifPresent(r -> r.headers().forEach((k, v) -> request.headers().set(k, v)));
    return request;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse response) {
        answer = response;
      }
      if (msg instanceof LastHttpContent && answer != null) {
        if (answer.status().code() == 101) {
          connect(ctx.channel());
        } else {
          WebSocketTakeover.refuse(client, ApiResponse.error(409, "browser_refused",
              "the browser refused the WebSocket with " + answer.status()));
          ctx.close();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Both handshakes done: answer the holder with the browser's 101, then pipe bytes both ways. */
  private void connect(Channel browser) {
    RelayConnection connection = new RelayConnection(client, browser, lease, relay.metrics());
    if (!client.isActive() || !lease.attach(connection)) {
      WebSocketTakeover.refuse(client, LeaseRelay.unknownLease().toResponse());
      browser.close();
      return;
    }
    relay.metrics().connectionOpened();
    DefaultFullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.SWITCHING_PROTOCOLS);
    switching.headers().set(answer.headers());
    client.config().setWriteBufferWaterMark(WATER_MARK);
    client.writeAndFlush(switching); // encoded now, on this loop, before the codec goes
    ChannelPipeline fromClient = client.pipeline();
    fromClient.addLast("relay-pipe", new Pipe(connection, false, relay.metrics()));
    fromClient.remove(WebSocketTakeover.class);
    fromClient.remove(HttpServerCodec.class);
    ChannelPipeline fromBrowser = browser.pipeline();
    fromBrowser.addLast("relay-pipe", new Pipe(connection, true, relay.metrics()));
    fromBrowser.remove(this);
    fromBrowser.remove(HttpClientCodec.class);
    if (lease.held()) {
      connection.hold(true); // opened while a human controls the page: wait for the hand back
    } else {
      client.config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (client.isActive() && client.pipeline().get(Pipe.class) == null) {
      WebSocketTakeover.refuse(client, ApiResponse.error(409, "browser_unavailable",
          "the browser closed the connection during the WebSocket handshake"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
