package dev.escarp.core.lease;

import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.slot.SlotReadiness;
import dev.escarp.core.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import dev.escarp.core.slot.Slot;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link LeaseTable}; each setting may be given once, and {@link #threads} must be.
 * Obtained from {@link LeaseTable#builder}.
 */
public final class LeaseTableBuilder {

  final SlotLayout layout;
  final int poolSize;
  SlotAllocator allocator;
  SlotResetter resetter = SlotResetter.none();
  SlotReadiness readiness = SlotReadiness.always();
  Clock clock = Clock.system();
  LeaseThreads threads;
  Duration ttl = Duration.ofSeconds(60);
  Duration reclaimDelay = Duration.ofMillis(50);
  Duration resetWait = Duration.ofSeconds(10);
  Duration maxLeaseLife;
  Path journalFile;
  String ownerName = "escarp";
  LeaseIdentity defaultIdentity = LeaseIdentity.autonomous(LeaseIdentity.TABS);
  AdmissionLimits admission = AdmissionLimits.NONE;
  LeaseObserver observer = LeaseObserver.none();
  List<Slot> extraSlots = List.of();
  Comparator<Slot> preference = Comparator.comparingInt(Slot::index);
  private final Set<String> set = new HashSet<>();

  LeaseTableBuilder(SlotLayout layout, int poolSize) {
    this.layout = Objects.requireNonNull(layout, "layout");
    if (poolSize < 0) {
      throw new IllegalArgumentException("pool size must be >= 0, got " + poolSize);
    }
    this.poolSize = poolSize;
  }

  /** The allocator to claim flocks through (default: a new one on this table's clock). */
  public LeaseTableBuilder allocator(SlotAllocator value) {
    once("allocator");
    this.allocator = Objects.requireNonNull(value, "allocator");
    return this;
  }

  /** Resets browsers between holders (default: none). */
  public LeaseTableBuilder resetter(SlotResetter value) {
    once("resetter");
    this.resetter = Objects.requireNonNull(value, "resetter");
    return this;
  }

  /**
   * Asked, outside the table's lock, whether a slot's browser answers just before the slot is
   * handed out; a slot that does not is marked unhealthy and the next one tried. Default: {@link
   * SlotReadiness#always()}, every slot is ready (for embedders that check browsers themselves).
   */
  public LeaseTableBuilder readiness(SlotReadiness value) {
    once("readiness");
    this.readiness = Objects.requireNonNull(value, "readiness");
    return this;
  }

  /**
   * The identity of a lease that asks for none: autonomous, reset by the pool's policy (default:
   * {@code tabs}, escarp 1.x's behaviour). Its reset policy is also what a slot left dirty by an
   * unknown holder gets.
   */
  public LeaseTableBuilder defaultIdentity(LeaseIdentity value) {
    once("defaultIdentity");
    this.defaultIdentity = Objects.requireNonNull(value, "defaultIdentity");
    return this;
  }

  /** Time for deadlines and records (default: the system's). */
  public LeaseTableBuilder clock(Clock value) {
    once("clock");
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /** Per-client and total limits on leases and waiting acquires. Default: none. */
  public LeaseTableBuilder admission(AdmissionLimits value) {
    once("admission");
    this.admission = Objects.requireNonNull(value, "admission");
    return this;
  }

  /** The timers and executors the table runs on; required. The table never closes them. */
  public LeaseTableBuilder threads(LeaseThreads value) {
    once("threads");
    this.threads = Objects.requireNonNull(value, "threads");
    return this;
  }

  /** How long a lease lives without a heartbeat (default 60 s). */
  public LeaseTableBuilder leaseTtl(Duration value) {
    once("leaseTtl");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("lease TTL must be positive, got " + value);
    }
    this.ttl = value;
    return this;
  }

  /**
   * A cap on a lease's whole life, heartbeats or not (default: none). A lease renewed by traffic
   * alone could otherwise live forever; {@code ESCARP_MAX_LEASE_S} sets it in the daemon.
   */
  public LeaseTableBuilder maxLeaseLife(Duration value) {
    once("maxLeaseLife");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("max lease life must be positive, got " + value);
    }
    this.maxLeaseLife = value;
    return this;
  }

  /** The slack added to {@code available_after_s} for the reclaim itself (default 50 ms). */
  public LeaseTableBuilder reclaimDelay(Duration value) {
    once("reclaimDelay");
    if (value.isNegative()) {
      throw new IllegalArgumentException("reclaim delay must not be negative, got " + value);
    }
    this.reclaimDelay = value;
    return this;
  }

  /**
   * How long an acquire waits for a slot that is only resetting, when it would otherwise be
   * refused (default 10 s): such a slot counts as about to be free. A caller's own longer wait
   * wins.
   */
  public LeaseTableBuilder resetWait(Duration value) {
    once("resetWait");
    if (value.isNegative()) {
      throw new IllegalArgumentException("reset wait must not be negative, got " + value);
    }
    this.resetWait = value;
    return this;
  }

  /** Persist leases to this file and restore them at {@link LeaseTable#start()} (default: in memory). */
  public LeaseTableBuilder journal(Path file) {
    once("journal");
    this.journalFile = Objects.requireNonNull(file, "journal file");
    return this;
  }

  /** The holder name written into lock records while the table itself holds a slot to reset it. */
  public LeaseTableBuilder ownerName(String value) {
    once("ownerName");
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("owner name must not be blank");
    }
    this.ownerName = value;
    return this;
  }

  /** Told of every lease granted and ended (default: nobody); see {@link LeaseObserver}'s thread rules. */
  public LeaseTableBuilder observer(LeaseObserver value) {
    once("observer");
    this.observer = Objects.requireNonNull(value, "observer");
    return this;
  }

  /**
   * Slots beyond {@code [0, poolSize)}: the {@code remote} backend's, whose browsers escarp did not
   * launch (see {@link dev.escarp.core.slot.SlotLayout#remoteSlots}). Their indices must not
   * collide with the local ones.
   */
  public LeaseTableBuilder extraSlots(List<Slot> value) {
    once("extraSlots");
    this.extraSlots = List.copyOf(value);
    for (Slot slot : extraSlots) {
      if (slot.index() < poolSize) {
        throw new IllegalArgumentException("extra slot " + slot.index() + " collides with the pool's [0, " + poolSize + ")");
      }
    }
    return this;
  }

  /**
   * The order an acquire without a named slot tries free slots in (default: lowest index first,
   * so local slots before remote ones). Ties are broken by index.
   */
  public LeaseTableBuilder preference(Comparator<Slot> value) {
    once("preference");
    this.preference = Objects.requireNonNull(value, "preference").thenComparingInt(Slot::index);
    return this;
  }

  public LeaseTable build() {
    if (threads == null) {
      throw new IllegalStateException("set threads(...): LeaseThreads.start(name, n) for real threads, "
          + "or LeaseThreads.of(scheduler, resets, io) in a test");
    }
    return new LeaseTable(this);
  }

  private void once(String setting) {
    if (!set.add(setting)) {
      throw new IllegalStateException(setting + " was already set");
    }
  }
}
