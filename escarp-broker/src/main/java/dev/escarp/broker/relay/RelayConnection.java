package dev.escarp.broker.relay;

import dev.escarp.broker.metrics.RelayMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;

/**
 * One relayed WebSocket: the holder's connection and the browser's, on the same event loop, with
 * the frame boundaries of each direction. Revoking it ends both; the holder gets a close frame
 * naming the lease end when the stream is between frames, a closed socket otherwise.
 */
final class RelayConnection {

  /** The close code a revoked connection gets (4000-4999 are for applications). */
  static final int LEASE_ENDED = 4000;

  private final Channel client;
  private final Channel browser;
  private final RelayLease lease;
  private final RelayMetrics metrics;
  private final FrameTracker toClient = new FrameTracker();
  private final FrameTracker toBrowser = new FrameTracker();
  // Event-loop confined.
  private boolean revoked;
  private boolean closed;
  /** While a human controls the page: the holder's bytes are not read (held in its socket, not dropped). */
  private boolean held;
  /** Bytes read from the holder just before the hold took effect, forwarded on release. */
  private final java.util.ArrayDeque<ByteBuf> heldBytes = new java.util.ArrayDeque<>();

  RelayConnection(Channel client, Channel browser, RelayLease lease, RelayMetrics metrics) {
    this.client = client;
    this.browser = browser;
    this.lease = lease;
    this.metrics = metrics;
  }

  Channel client() {
    return client;
  }

  Channel browser() {
    return browser;
  }

  /** Accounts for bytes about to be forwarded; false once revoked (drop them). */
  boolean passing(boolean fromBrowser, ByteBuf bytes) {
    if (revoked) {
      return false;
    }
    int frames = (fromBrowser ? toClient : toBrowser).scan(bytes);
    metrics.relayed(fromBrowser, frames, bytes.readableBytes());
    lease.traffic(System.nanoTime());
    return true;
  }

  /**
   * Stops or resumes reading the holder's side (a human took or handed back control). Runs on
   * the connection's loop; the future completes once the change took effect there.
   */
  java.util.concurrent.CompletableFuture<Void> hold(boolean hold) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    client.eventLoop().execute(() -> {
      held = hold;
      if (hold) {
        client.config().setAutoRead(false);
      } else if (!closed) {
        while (!heldBytes.isEmpty()) {
          browser.write(heldBytes.poll(), browser.voidPromise());
        }
        browser.flush();
        client.config().setAutoRead(browser.isWritable());
      }
      done.complete(null);
    });
    return done;
  }

  /** Whether the holder's side is held; its reads must not be resumed by backpressure. Loop only. */
  boolean held() {
    return held;
  }

  /** Keeps bytes the holder sent as the hold began, for its release. Loop only. */
  void keep(ByteBuf bytes) {
    heldBytes.add(bytes);
  }

  /**
   * Ends the connection because its lease ended ({@code endedAtNanos}, when the table said so);
   * callable from any thread. How long the holder's close took is recorded.
   */
  void revoke(String reason, long endedAtNanos) {
    client.eventLoop().execute(() -> {
      if (closed) {
        return;
      }
      revoked = true;
      browser.close();
      ChannelFuture done = toClient.atBoundary() && client.isActive()
          ? client.writeAndFlush(closeFrame("escarp lease ended: " + reason))
          : client.close();
      done.addListener(f -> metrics.revocationTook(System.nanoTime() - endedAtNanos));
      done.addListener(ChannelFutureListener.CLOSE);
    });
  }

  /** One side closed: close the other once what is queued for it is written. Idempotent. */
  void closed() {
    if (closed) {
      return;
    }
    closed = true;
    heldBytes.forEach(ByteBuf::release);
    heldBytes.clear();
    flushAndClose(client);
    flushAndClose(browser);
    lease.detach(this);
    metrics.connectionClosed();
  }

  private static void flushAndClose(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** An unmasked close frame, as a server sends: code, then a reason of at most 123 bytes. */
  static ByteBuf closeFrame(String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(text.length, 123);
    ByteBuf frame = Unpooled.buffer(4 + length);
    frame.writeByte(0x88).writeByte(2 + length).writeShort(LEASE_ENDED).writeBytes(text, 0, length);
    return frame;
  }
}
