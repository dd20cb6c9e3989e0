package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One WebSocket connection to a DevTools endpoint: usually a browser's {@code
 * webSocketDebuggerUrl}, from which pages are reached through flattened sessions ({@link
 * #attachToTarget}).
 *
 * <p>Thread rules: every method may be called from any thread and never blocks, except {@link
 * #close()}, which waits briefly for the closing handshake unless called on the event loop.
 * Command futures complete, and event listeners run, on the connection's event loop: do not block
 * in them (no {@code join()} on another command there); use the {@code *Async} variants of
 * {@link CompletableFuture} to continue elsewhere.
 */
public final class CdpClient implements AutoCloseable {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final URI uri;
  private final Channel channel;
  private final PendingCommands pending;
  private final EventListeners listeners;
  private final Duration defaultTimeout;
  private final EventLoopGroup ownedGroup;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private CdpClient(
      URI uri,
      Channel channel,
      PendingCommands pending,
      EventListeners listeners,
      Duration defaultTimeout,
      EventLoopGroup ownedGroup) {
    this.uri = uri;
    this.channel = channel;
    this.pending = pending;
    this.listeners = listeners;
    this.defaultTimeout = defaultTimeout;
    this.ownedGroup = ownedGroup;
    channel.closeFuture().addListener(f -> onChannelClosed());
  }

  /** Connects with {@link CdpClientOptions#defaults()}. */
  public static CompletableFuture<CdpClient> connect(URI webSocketUrl) {
    return connect(webSocketUrl, CdpClientOptions.defaults());
  }

  /**
   * Opens a connection; the future completes once the WebSocket handshake is done, or fails with a
   * {@link CdpException} saying why (refused, handshake rejected, timed out).
   */
  public static CompletableFuture<CdpClient> connect(URI webSocketUrl, CdpClientOptions options) {
    Objects.requireNonNull(webSocketUrl, "webSocketUrl");
    Objects.requireNonNull(options, "options");
    if (!"ws".equalsIgnoreCase(webSocketUrl.getScheme()) || webSocketUrl.getHost() == null) {
      throw new IllegalArgumentException("expected a ws://host:port/... DevTools URL, got " + webSocketUrl);
    }
    EventLoopGroup ownedGroup = options.eventLoopGroup().isEmpty() ? CdpEventLoops.newGroup(1, "escarp-cdp") : null;
    EventLoopGroup group = options.eventLoopGroup().orElse(ownedGroup);
    PendingCommands pending = new PendingCommands();
    EventListeners listeners = new EventListeners();
    CompletableFuture<Void> handshake = new CompletableFuture<>();
    int port = webSocketUrl.getPort() == -1 ? 80 : webSocketUrl.getPort();

    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new CdpClientInitializer(webSocketUrl, options, pending, listeners, handshake));

    CompletableFuture<CdpClient> result = new CompletableFuture<>();
    ChannelFuture connect = bootstrap.connect(webSocketUrl.getHost(), port);
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            handshake.completeExceptionally(
                new CdpException("cannot connect to " + webSocketUrl + ": " + f.cause().getMessage(), f.cause()));
          }
        });
    handshake.whenComplete(
        (ok, error) -> {
          if (error != null) {
            connect.channel().close();
            if (ownedGroup != null) {
              ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            result.completeExceptionally(error);
          } else {
            result.complete(
                new CdpClient(webSocketUrl, connect.channel(), pending, listeners, options.commandTimeout(), ownedGroup));
          }
        });
    return result;
  }

  /** The endpoint this client is connected to. */
  public URI uri() {
    return uri;
  }

  /** Sends a command without parameters, with the default timeout. */
  public CompletableFuture<ObjectNode> send(String method) {
    return sendTo(null, method, null, null);
  }

  /** Sends a command with the default timeout; the future yields CDP's {@code result} object. */
  public CompletableFuture<ObjectNode> send(String method, ObjectNode params) {
    return sendTo(null, method, params, null);
  }

  /**
   * Sends a command. The future yields CDP's {@code result} object, or fails with {@link
   * CdpCommandException} (CDP's error), {@link CdpTimeoutException} or {@link CdpClosedException}.
   */
  public CompletableFuture<ObjectNode> send(String method, ObjectNode params, Duration timeout) {
    return sendTo(null, method, params, Objects.requireNonNull(timeout, "timeout"));
  }

  /** A view of this connection that sends into the flattened session {@code sessionId}. */
  public CdpSession session(String sessionId) {
    return new CdpSession(this, Objects.requireNonNull(sessionId, "sessionId"));
  }

  /** Attaches to a target with {@code flatten: true} and returns its session. */
  public CompletableFuture<CdpSession> attachToTarget(String targetId) {
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("targetId", targetId).put("flatten", true);
    return send("Target.attachToTarget", params).thenApply(r -> session(r.path("sessionId").asText()));
  }

  /**
   * Listens for one event name, from this connection's target and from every attached session
   * (see {@link CdpEvent#sessionId()}). The listener runs on the event loop and must not block.
   */
  public Subscription onEvent(String method, Consumer<CdpEvent> listener) {
    return listeners.add(Objects.requireNonNull(method, "method"), null, listener);
  }

  /** Listens for every event; same rules as {@link #onEvent}. */
  public Subscription onAnyEvent(Consumer<CdpEvent> listener) {
    return listeners.add(null, null, listener);
  }

  Subscription onSessionEvent(String sessionId, String method, Consumer<CdpEvent> listener) {
    return listeners.add(method, sessionId, listener);
  }

  /** True until the connection is closed or dropped. */
  public boolean isOpen() {
    return channel.isActive() && !closing.get();
  }

  /** Completes when the connection has ended, for whatever reason. */
  public CompletableFuture<Void> closeFuture() {
    return closed.copy();
  }

  /**
   * Closes the connection: a WebSocket close handshake, then the socket. Pending commands fail with
   * {@link CdpClosedException} at once. Off the event loop this waits (briefly) until the socket
   * is closed; on the event loop it only starts the close. Closing twice is harmless.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    pending.failAll(new CdpClosedException("connection to " + uri + " was closed by the client"));
    if (channel.isActive()) {
      // The protocol handler closes the socket when the browser echoes our close frame; a
      // browser that never echoes is cut off after CLOSE_WAIT.
      channel
          .writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
          .addListener(f -> {
            var cutOff = channel.eventLoop().schedule(() -> channel.close(), CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(c -> cutOff.cancel(false));
          });
    } else {
      channel.close();
    }
    if (!channel.eventLoop().inEventLoop()) {
      if (!channel.closeFuture().awaitUninterruptibly(CLOSE_WAIT.toMillis() + 500)) {
        channel.close().awaitUninterruptibly(CLOSE_WAIT.toMillis());
      }
      if (ownedGroup != null) {
        ownedGroup.terminationFuture().awaitUninterruptibly(CLOSE_WAIT.toMillis());
      }
    }
  }

  /** {@code timeout} null means the client's default. */
  CompletableFuture<ObjectNode> sendTo(String sessionId, String method, ObjectNode params, Duration timeout) {
    Objects.requireNonNull(method, "method");
    Duration limit = timeout == null ? defaultTimeout : timeout;
    long id = ids.incrementAndGet();
    CompletableFuture<ObjectNode> future = pending.register(id, method);
    if (future.isDone()) {
      return future; // connection already gone
    }
    if (closing.get()) {
      pending.fail(id, new CdpClosedException("connection to " + uri + " was closed by the client"));
      return future;
    }
    CdpCommand command = new CdpCommand(id, method, params, sessionId);
    EventLoop loop = channel.eventLoop();
    if (loop.inEventLoop()) {
      write(command, future, limit);
    } else {
      // One hop onto the loop for both the timer and the write.
      try {
        loop.execute(() -> write(command, future, limit));
      } catch (RejectedExecutionException e) {
        pending.fail(id, new CdpClosedException("connection to " + uri + " is shut down"));
      }
    }
    return future;
  }

  private void write(CdpCommand command, CompletableFuture<ObjectNode> future, Duration timeout) {
    long id = command.id();
    var timer = channel.eventLoop().schedule(() -> pending.timeout(id, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    channel
        .writeAndFlush(command)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                pending.fail(
                    id,
                    channel.isActive()
                        ? new CdpException("could not send " + command.method() + ": " + f.cause().getMessage(), f.cause())
                        : new CdpClosedException("connection to " + uri + " closed"));
              }
            });
    // Cancel the timer as soon as the answer is in, so timers do not pile up on a busy connection.
    future.whenComplete((result, error) -> timer.cancel(false));
  }

  private void onChannelClosed() {
    pending.failAll(new CdpClosedException("connection to " + uri + " closed"));
    closed.complete(null);
    if (ownedGroup != null) {
      // Nobody can use a closed client's threads; do not wait for close() to free them.
      ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
