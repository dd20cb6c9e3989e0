package dev.escarp.mcp.session;

import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.lease.AcquireOutcome;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.LeaseBackend;
import dev.escarp.mcp.lease.Refusal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The one lease this shim holds for its MCP session, and everything that keeps it honest: the
 * heartbeat at TTL/3 while it is held, noticing when it is lost (a heartbeat refused, or the
 * daemon ending the {@code /hold}), and releasing it when the session ends.
 *
 * <p>Thread-safe: tool calls may run concurrently with each other, with heartbeats and with the
 * shutdown hook. Blocking calls to the backend are made outside this object's lock.
 */
public final class SessionLease implements AutoCloseable {

  private final LeaseBackend backend;
  private final HeartbeatScheduler scheduler;
  private final InstantSource clock;
  private final Consumer<String> log;

  private HeldLease current;
  private HeartbeatScheduler.Scheduled beats;
  private boolean acquiring;
  private boolean closed;
  private LostLease lost;
  private boolean lossReported;
  private int browserRestarts;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();

  public SessionLease(LeaseBackend backend, HeartbeatScheduler scheduler, InstantSource clock, Consumer<String> log) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  public LeaseBackend backend() {
    return backend;
  }

  /** Leases a browser for this session, unless it holds one already. Blocks up to the request's wait. */
  public SessionAcquire acquire(AcquireRequest request) {
    synchronized (this) {
      if (closed) {
        return new SessionAcquire.Refused(Refusal.of("shutting_down", "This escarp-mcp session is ending."));
      }
      if (current != null) {
        return new SessionAcquire.AlreadyHolding(current);
      }
      if (acquiring) {
        return new SessionAcquire.Refused(Refusal.of("acquire_in_progress",
            "Another escarp_acquire of this session is still waiting for a browser; one lease per session."));
      }
      acquiring = true;
    }
    AcquireOutcome outcome;
    try {
      outcome = backend.acquire(request);
    } finally {
      synchronized (this) {
        acquiring = false;
      }
    }
    if (outcome instanceof AcquireOutcome.Refused refused) {
      return new SessionAcquire.Refused(refused.refusal());
    }
    HeldLease lease = ((AcquireOutcome.Granted) outcome).lease();
    synchronized (this) {
      if (!closed) {
        current = lease;
        lost = null;
        lossReported = false;
        browserRestarts = 0;
        Optional<Duration> interval = lease.heartbeatInterval();
        beats = interval.map(i -> scheduler.every(i, () -> beat(lease))).orElse(null);
        lease.endedElsewhere().thenAccept(reason -> lose(lease, reason));
        log.accept("leased slot " + lease.slot() + interval.map(i -> "; heartbeat every " + i.toMillis() + " ms").orElse(""));
        return new SessionAcquire.Acquired(lease);
      }
    }
    // The session ended while we waited: the lease must not outlive it.
    lease.release();
    return new SessionAcquire.Refused(Refusal.of("shutting_down", "This escarp-mcp session is ending."));
  }

  /** Gives the lease back. Releasing with nothing held is harmless. */
  public SessionRelease release() {
    HeldLease lease;
    synchronized (this) {
      lease = current;
      if (lease == null) {
        return new SessionRelease.NotHolding();
      }
      forget();
    }
    SessionRelease.Released released = new SessionRelease.Released(lease.release());
    log.accept("released slot " + lease.slot() + ": " + released.report().reset());
    return released;
  }

  /** The lease this session holds now. */
  public synchronized Optional<HeldLease> holding() {
    return Optional.ofNullable(current);
  }

  /**
   * How often the daemon relaunched the held lease's browser because it died (its tabs and CDP
   * connections went with it), as of the last heartbeat; empty when holding nothing.
   */
  public synchronized OptionalInt browserRestarts() {
    return current == null ? OptionalInt.empty() : OptionalInt.of(browserRestarts);
  }

  /** The last lease lost without a release, until the next acquire: what escarp_status shows. */
  public synchronized Optional<LostLease> lastLoss() {
    return Optional.ofNullable(lost);
  }

  /** A loss not yet reported in a tool result; reported once, by whichever result comes next. */
  public synchronized Optional<LostLease> takeUnreportedLoss() {
    if (lost == null || lossReported) {
      return Optional.empty();
    }
    lossReported = true;
    return Optional.of(lost);
  }

  /**
   * Ends the session: stops heartbeating and releases the lease explicitly. Idempotent; a second
   * caller (the SIGTERM hook racing the end of stdin) waits until the first has released, so the
   * process never exits half way through a release.
   */
  @Override
  public void close() {
    HeldLease lease = null;
    boolean first;
    synchronized (this) {
      first = !closed;
      if (first) {
        closed = true;
        lease = current;
        if (lease != null) {
          forget();
        }
      }
    }
    if (!first) {
      closing.join();
      return;
    }
    try {
      if (lease != null) {
        log.accept("session ended: releasing slot " + lease.slot() + " (" + lease.release().reset() + ")");
      }
    } finally {
      closing.complete(null);
    }
  }

  private void beat(HeldLease lease) {
    HeartbeatOutcome outcome = lease.heartbeat();
    if (outcome instanceof HeartbeatOutcome.Renewed renewed) {
      restarted(lease, renewed.browserRestarts());
    } else if (outcome instanceof HeartbeatOutcome.Lost gone) {
      lose(lease, "heartbeat failed: " + gone.reason());
    } else if (outcome instanceof HeartbeatOutcome.Unanswered silent) {
      log.accept("heartbeat for slot " + lease.slot() + " got no answer (" + silent.reason() + "); trying again");
    }
  }

  private synchronized void restarted(HeldLease lease, int restarts) {
    if (current != lease || restarts <= browserRestarts) {
      return;
    }
    browserRestarts = restarts;
    log.accept("the browser on slot " + lease.slot() + " died and was relaunched by the daemon (" + restarts
        + " time(s) under this lease): its tabs and CDP connections are gone; reconnect to the lease's cdp_ws_url");
  }

  private synchronized void lose(HeldLease lease, String reason) {
    if (current != lease) {
      return; // released or replaced meanwhile: nothing was lost
    }
    forget();
    lost = new LostLease(lease.slot(), reason, clock.instant());
    lossReported = false;
    log.accept("lost the lease on slot " + lease.slot() + ": " + reason);
  }

  /** Drops the current lease from this session (the caller releases it, or it is gone). Holds the lock. */
  private void forget() {
    current = null;
    if (beats != null) {
      beats.cancel();
      beats = null;
    }
  }
}
