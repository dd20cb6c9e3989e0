package dev.escarp.broker.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** The pipeline: HTTP codec, keep-alive, a bounded body (1 MiB), then the API. */
final class HttpApiInitializer extends ChannelInitializer<SocketChannel> {

  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final Route route;

  HttpApiInitializer(Route route) {
    this.route = route;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("codec", new HttpServerCodec())
        .addLast("keep-alive", new HttpServerKeepAliveHandler())
        .addLast("aggregator", new BoundedBodyAggregator(MAX_BODY_BYTES))
        .addLast("api", new ApiRequestHandler(route));
  }
}
