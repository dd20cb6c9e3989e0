package dev.escarp.broker.relay;

import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.slot.Slot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * One lease as the relay knows it: its secret, its open connections, and when a frame last went
 * through. Traffic renews the lease as a heartbeat does, at most once per {@code renewEveryNanos}
 * (a frame costs a clock read, not a journal write). Thread-safe.
 */
final class RelayLease {

  final String secret;
  final LeaseToken token;
  final Slot slot;
  final String holder;
  private final long renewEveryNanos;
  private final Runnable renew;
  private final AtomicLong lastRenewNanos;
  private volatile long lastFrameMillis;
  private volatile IntConsumer connectionsChanged = n -> {};
  private final Runnable firstUse;
  private final java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();
  // Guarded by this.
  private final Set<RelayConnection> open = new HashSet<>();
  private boolean ended;
  private boolean held;

  RelayLease(String secret, LeaseToken token, Slot slot, String holder, long renewEveryNanos, Runnable renew) {
    this(secret, token, slot, holder, renewEveryNanos, renew, () -> {});
  }

  /** @param firstUse runs once, on the first discovery request or connection (on an event loop: must not block) */
  RelayLease(String secret, LeaseToken token, Slot slot, String holder, long renewEveryNanos, Runnable renew,
      Runnable firstUse) {
    this.firstUse = firstUse;
    this.secret = secret;
    this.token = token;
    this.slot = slot;
    this.holder = holder;
    this.renewEveryNanos = renewEveryNanos;
    this.renew = renew;
    this.lastRenewNanos = new AtomicLong(System.nanoTime());
  }

  /** Told the number of open connections whenever it changes (connect-to-lease keeps time by it). */
  void onConnectionsChanged(IntConsumer listener) {
    this.connectionsChanged = listener;
  }

  /** Adds a connection, unless the lease has ended (then the caller must close it). */
  boolean attach(RelayConnection connection) {
    int count;
    synchronized (this) {
      if (ended) {
        return false;
      }
      open.add(connection);
      count = open.size();
    }
    used();
    connectionsChanged.accept(count);
    return true;
  }

  /** The holder reached for its endpoint (a discovery request, a connection): told once. */
  void used() {
    if (used.compareAndSet(false, true)) {
      firstUse.run();
    }
  }

  void detach(RelayConnection connection) {
    int count;
    synchronized (this) {
      if (!open.remove(connection) || ended) {
        return;
      }
      count = open.size();
    }
    connectionsChanged.accept(count);
  }

  /**
   * Holds (or releases) the holder's traffic on every open connection and on those opened while
   * held; completes once each connection's loop applied it.
   */
  java.util.concurrent.CompletableFuture<Void> hold(boolean hold) {
    List<RelayConnection> now;
    synchronized (this) {
      held = hold;
      now = new ArrayList<>(open);
    }
    return java.util.concurrent.CompletableFuture.allOf(now.stream().map(c -> c.hold(hold))
        .toArray(java.util.concurrent.CompletableFuture[]::new));
  }

  synchronized boolean held() {
    return held;
  }

  synchronized int openConnections() {
    return open.size();
  }

  synchronized boolean ended() {
    return ended;
  }

  /** Marks the lease ended; returns the connections to revoke (empty the second time). */
  List<RelayConnection> end() {
    synchronized (this) {
      if (ended) {
        return List.of();
      }
      ended = true;
      List<RelayConnection> toClose = new ArrayList<>(open);
      open.clear();
      return toClose;
    }
  }

  /** Bytes went through: the lease is alive. Renews it when the last renewal is old enough. */
  void traffic(long nowNanos) {
    lastFrameMillis = System.currentTimeMillis();
    long last = lastRenewNanos.get();
    if (nowNanos - last >= renewEveryNanos && lastRenewNanos.compareAndSet(last, nowNanos)) {
      renew.run();
    }
  }

  /** Epoch millis of the last relayed bytes; 0 when none went through yet. */
  long lastFrameMillis() {
    return lastFrameMillis;
  }
}
