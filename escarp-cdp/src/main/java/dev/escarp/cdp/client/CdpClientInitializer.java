package dev.escarp.cdp.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** The client pipeline: HTTP for the upgrade, WebSocket framing, then CDP messages. */
final class CdpClientInitializer extends ChannelInitializer<SocketChannel> {

  private final URI uri;
  private final CdpClientOptions options;
  private final PendingCommands pending;
  private final EventListeners listeners;
  private final CompletableFuture<Void> handshake;

  CdpClientInitializer(
      URI uri,
      CdpClientOptions options,
      PendingCommands pending,
      EventListeners listeners,
      CompletableFuture<Void> handshake) {
    this.uri = uri;
    this.options = options;
    this.pending = pending;
    this.listeners = listeners;
    this.handshake = handshake;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    options.headers().forEach(headers::add);
    WebSocketClientProtocolConfig config =
        WebSocketClientProtocolConfig.newBuilder()
            .customHeaders(headers)
            .webSocketUri(uri)
            .version(WebSocketVersion.V13)
            // Chromium answers 403 to an Origin it was not told to allow; send none.
            .generateOriginHeader(false)
            .maxFramePayloadLength(options.maxMessageBytes())
            .handshakeTimeoutMillis(options.connectTimeout().toMillis())
            .dropPongFrames(true)
            .handleCloseFrames(true)
            .build();
    ChannelPipeline p = ch.pipeline();
    p.addLast("http-codec", new HttpClientCodec());
    p.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
    p.addLast("ws-protocol", new WebSocketClientProtocolHandler(config));
    // Chromium may fragment a large message; CDP messages are only meaningful whole.
    p.addLast("ws-aggregator", new WebSocketFrameAggregator(options.maxMessageBytes()));
    p.addLast("cdp-decoder", new CdpMessageDecoder());
    p.addLast("cdp-encoder", new CdpCommandEncoder());
    p.addLast("cdp-dispatch", new CdpDispatchHandler(uri, pending, listeners, handshake));
  }
}
