package dev.escarp.broker.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline: idle and header timeouts, HTTP codec, an optional takeover of the connection,
 * keep-alive, a bounded body (1 MiB), then the API.
 */
final class HttpApiInitializer extends ChannelInitializer<SocketChannel> {

  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final Route route;
  private final Duration idleTimeout;
  private final Duration headerTimeout;
  private final List<StreamingMount> mounts;
  private final Optional<Supplier<ChannelHandler>> takeover;

  HttpApiInitializer(Route route, Duration idleTimeout, Duration headerTimeout, List<StreamingMount> mounts,
      Optional<Supplier<ChannelHandler>> takeover) {
    this.route = route;
    this.mounts = List.copyOf(mounts);
    this.idleTimeout = idleTimeout;
    this.headerTimeout = headerTimeout;
    this.takeover = takeover;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ConnectionTimeouts timeouts = new ConnectionTimeouts(headerTimeout);
    ch.pipeline()
        .addLast("idle", new IdleStateHandler(0, 0, idleTimeout.toNanos(), TimeUnit.NANOSECONDS))
        .addLast("timeouts", timeouts)
        .addLast("codec", new HttpServerCodec());
    // A handler that may take the connection over (the CDP relay's WebSocket upgrades) sees each
    // request before the API's handlers; it removes them when it does.
    takeover.ifPresent(t -> ch.pipeline().addLast("takeover", t.get()));
    ch.pipeline()
        .addLast("keep-alive", new HttpServerKeepAliveHandler())
        .addLast("aggregator", new BoundedBodyAggregator(MAX_BODY_BYTES));
    if (!mounts.isEmpty()) {
      ch.pipeline().addLast("streaming", new StreamingRequestHandler(mounts, timeouts));
    }
    ch.pipeline().addLast("api", new ApiRequestHandler(route, timeouts));
  }
}
