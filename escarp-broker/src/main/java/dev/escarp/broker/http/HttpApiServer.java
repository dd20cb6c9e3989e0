package dev.escarp.broker.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP server: binds loopback, shifting the port by 10 while it is taken (ten tries), as
 * escarp's clients expect. Starts nothing until {@link #start}; {@link #close} stops it.
 */
public final class HttpApiServer implements AutoCloseable {

  public static final int PORT_TRIES = 10;
  public static final int PORT_STEP = 10;

  /** Defaults of {@code ESCARP_IDLE_TIMEOUT_S} and {@code ESCARP_HEADER_TIMEOUT_S}. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  private final Route route;
  private final InetAddress bindAddress;
  private final Duration idleTimeout;
  private final Duration headerTimeout;
  private final List<StreamingMount> mounts;
  private final Optional<Supplier<ChannelHandler>> takeover;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel channel;

  public HttpApiServer(Route route, InetAddress bindAddress) {
    this(route, bindAddress, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT);
  }

  /**
   * @param idleTimeout a connection with no request in flight and no bytes either way for this
   *     long is closed
   * @param headerTimeout a request must arrive whole within this long of its first byte
   */
  public HttpApiServer(Route route, InetAddress bindAddress, Duration idleTimeout, Duration headerTimeout) {
    this(route, bindAddress, idleTimeout, headerTimeout, List.of(), Optional.empty());
  }

  /**
   * @param mounts streaming routes (such as {@code /mcp}) served beside the API on the same port
   * @param takeover makes, per connection, a handler that may take it over (WebSocket upgrades)
   */
  public HttpApiServer(Route route, InetAddress bindAddress, Duration idleTimeout, Duration headerTimeout,
      List<StreamingMount> mounts, Optional<Supplier<ChannelHandler>> takeover) {
    this.mounts = List.copyOf(mounts);
    this.takeover = takeover;
    this.route = route;
    this.bindAddress = bindAddress;
    this.idleTimeout = requirePositive("idleTimeout", idleTimeout);
    this.headerTimeout = requirePositive("headerTimeout", headerTimeout);
  }

  private static Duration requirePositive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /** Binds the first free port of {@code port, port+10, ...}; returns the port it got. */
  public int start(int port) throws InterruptedException, BindException {
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("escarp-http-accept", true),
        NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("escarp-http", true),
        NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // A client may send its request and then shut its side down: answer it before closing.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new HttpApiInitializer(route, idleTimeout, headerTimeout, mounts, takeover));
    BindException last = null;
    for (int i = 0; i < PORT_TRIES; i++) {
      int candidate = port + i * PORT_STEP;
      try {
        channel = bootstrap.bind(new InetSocketAddress(bindAddress, candidate)).sync().channel();
        return candidate;
      } catch (Exception e) {
        if (!(e instanceof BindException be)) {
          throw e;
        }
        last = be;
      }
    }
    close();
    BindException failure = new BindException("ports " + port + " to " + (port + (PORT_TRIES - 1) * PORT_STEP)
        + " (step " + PORT_STEP + ") are all taken on " + bindAddress.getHostAddress());
    failure.initCause(last);
    throw failure;
  }

  public Optional<Integer> port() {
    return Optional.ofNullable(channel).map(c -> ((InetSocketAddress) c.localAddress()).getPort());
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
