package dev.escarp.core.lease;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a caller asks of {@link LeaseTable#acquire}, of the daemon's {@code POST /acquire}, of the
 * CLI's {@code escarp acquire} and of the MCP tool {@code escarp_acquire}: a holder name,
 * optionally a particular slot (else the lowest free one), optionally a dev port to record with the
 * lease, optionally how long to wait for a free slot, and the priority of that wait (higher
 * first; FIFO within one priority). Its limits are the only ones: every caller checks against these
 * constants, so a request one of them accepts, all of them accept.
 */
public record AcquireRequest(String holder, OptionalInt slot, OptionalInt devPort, Optional<Duration> maxWait,
    Optional<LeaseIdentity> identity, int priority) {

  /** The longest holder name, in characters: it is shown in every status. */
  public static final int MAX_HOLDER_LENGTH = 200;
  /** The highest slot index a request may name (a CDP port offset cannot exceed it). */
  public static final int MAX_SLOT = 65535;
  public static final int MIN_DEV_PORT = 1;
  public static final int MAX_DEV_PORT = 65535;
  /** The longest wait for a free slot, in seconds. */
  public static final int MAX_WAIT_SECONDS = 3600;
  public static final Duration MAX_WAIT = Duration.ofSeconds(MAX_WAIT_SECONDS);
  /** Waiting acquires are served by priority, in {@code -MAX_PRIORITY..MAX_PRIORITY}; 0 by default. */
  public static final int MAX_PRIORITY = 100;

  /** @throws IllegalArgumentException naming the field (in its wire spelling) and the bad value */
  public AcquireRequest {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(devPort, "devPort");
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(identity, "identity");
    if (holder.isBlank()) {
      throw new IllegalArgumentException("holder must not be blank");
    }
    if (holder.length() > MAX_HOLDER_LENGTH) {
      throw new IllegalArgumentException("holder must be at most " + MAX_HOLDER_LENGTH + " characters, got "
          + holder.length());
    }
    if (slot.isPresent() && (slot.getAsInt() < 0 || slot.getAsInt() > MAX_SLOT)) {
      throw new IllegalArgumentException("slot must be in 0.." + MAX_SLOT + ", got " + slot.getAsInt());
    }
    if (devPort.isPresent() && (devPort.getAsInt() < MIN_DEV_PORT || devPort.getAsInt() > MAX_DEV_PORT)) {
      throw new IllegalArgumentException("dev_port must be in " + MIN_DEV_PORT + ".." + MAX_DEV_PORT + ", got "
          + devPort.getAsInt());
    }
    if (maxWait.isPresent() && (maxWait.get().isNegative() || maxWait.get().compareTo(MAX_WAIT) > 0)) {
      throw new IllegalArgumentException("wait_s must be in 0.." + MAX_WAIT_SECONDS + " seconds, got "
          + maxWait.get().toMillis() / 1000.0);
    }
    if (priority < -MAX_PRIORITY || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be in " + -MAX_PRIORITY + ".." + MAX_PRIORITY + ", got "
          + priority);
    }
  }

  /** A request at the default priority. */
  public AcquireRequest(String holder, OptionalInt slot, OptionalInt devPort, Optional<Duration> maxWait,
      Optional<LeaseIdentity> identity) {
    this(holder, slot, devPort, maxWait, identity, 0);
  }

  /** A request for the table's default identity (an autonomous lease reset by the pool's policy). */
  public AcquireRequest(String holder, OptionalInt slot, OptionalInt devPort, Optional<Duration> maxWait) {
    this(holder, slot, devPort, maxWait, Optional.empty());
  }

  /** A request that does not wait: the lease table's own callers pass their wait separately. */
  public AcquireRequest(String holder, OptionalInt slot, OptionalInt devPort) {
    this(holder, slot, devPort, Optional.empty(), Optional.empty());
  }

  /** A wait given in seconds (as {@code wait_s} and {@code --wait} are), to the nanosecond. */
  public static Duration waitOfSeconds(double seconds) {
    if (!Double.isFinite(seconds)) {
      throw new IllegalArgumentException("wait_s must be a number of seconds in 0.." + MAX_WAIT_SECONDS + ", got "
          + seconds);
    }
    // Beyond the limit either way the rounding saturates, and the constructor still refuses it.
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  /** The lowest free slot, now or never. */
  public static AcquireRequest anySlot(String holder) {
    return new AcquireRequest(holder, OptionalInt.empty(), OptionalInt.empty());
  }

  public static AcquireRequest forSlot(String holder, int slot) {
    return new AcquireRequest(holder, OptionalInt.of(slot), OptionalInt.empty());
  }

  public AcquireRequest withSlot(int index) {
    return new AcquireRequest(holder, OptionalInt.of(index), devPort, maxWait, identity, priority);
  }

  public AcquireRequest withDevPort(int port) {
    return new AcquireRequest(holder, slot, OptionalInt.of(port), maxWait, identity, priority);
  }

  /** Waits up to this long for a free slot, first come first served; zero answers at once. */
  public AcquireRequest withWait(Duration duration) {
    return new AcquireRequest(holder, slot, devPort, Optional.of(duration), identity, priority);
  }

  /** The lease acts as this identity instead of the table's default. */
  public AcquireRequest withIdentity(LeaseIdentity value) {
    return new AcquireRequest(holder, slot, devPort, maxWait, Optional.of(value), priority);
  }

  /** Served before waiters of lower priority (higher first), after earlier ones of its own. */
  public AcquireRequest withPriority(int value) {
    return new AcquireRequest(holder, slot, devPort, maxWait, identity, value);
  }

  /** The client this request counts against, if any. */
  public Optional<String> client() {
    return identity.flatMap(LeaseIdentity::client);
  }
}
