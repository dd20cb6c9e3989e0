package dev.escarp.cdp.client;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@link CdpClient}s that share one event loop group: the one in the options, or else one
 * of its own (one daemon thread), created on first use and shut down by {@link #close()}. For
 * components that connect often (resets, health checks): a connection then costs a TCP and
 * WebSocket handshake, not a new thread and selector.
 *
 * <p>Thread-safe. Closing twice is harmless; connecting after close is refused.
 */
public final class CdpConnector implements AutoCloseable {

  private final CdpClientOptions options;
  private final String threadName;
  private EventLoopGroup ownGroup;
  private boolean closed;

  public CdpConnector(CdpClientOptions options, String threadName) {
    this.options = Objects.requireNonNull(options, "options");
    this.threadName = Objects.requireNonNull(threadName, "threadName");
  }

  public CdpClientOptions options() {
    return options;
  }

  public CompletableFuture<CdpClient> connect(URI webSocketUrl) {
    return CdpClient.connect(webSocketUrl, options.withEventLoopGroup(group()));
  }

  /** Connects sending these headers with the handshake (a remote browser's token, say). */
  public CompletableFuture<CdpClient> connect(URI webSocketUrl, java.util.Map<String, String> headers) {
    return CdpClient.connect(webSocketUrl, options.withHeaders(headers).withEventLoopGroup(group()));
  }

  private synchronized EventLoopGroup group() {
    if (closed) {
      throw new IllegalStateException("connector is closed");
    }
    if (options.eventLoopGroup().isPresent()) {
      return options.eventLoopGroup().get();
    }
    if (ownGroup == null) {
      ownGroup = CdpEventLoops.newGroup(1, threadName);
    }
    return ownGroup;
  }

  /** Shuts down the connector's own group (never a shared one); its open clients are cut off. */
  @Override
  public void close() {
    EventLoopGroup group;
    synchronized (this) {
      closed = true;
      group = ownGroup;
      ownGroup = null;
    }
    if (group != null) {
      var termination = group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      boolean onOwnLoop = false;
      for (EventExecutor loop : group) {
        onOwnLoop |= loop.inEventLoop();
      }
      if (!onOwnLoop) {
        termination.awaitUninterruptibly(2_000);
      }
    }
  }
}
