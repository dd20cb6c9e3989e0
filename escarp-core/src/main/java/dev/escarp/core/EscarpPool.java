package dev.escarp.core;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.files.LoadedPoolConfig;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.lock.SlotHolder;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * escarp's pool as seen from a process that uses browsers directly, such as a test harness: no
 * daemon, no network. Claims are decided by the kernel ({@code flock(2)} on each slot's lock
 * file), so a harness shares the pool safely with escarp's daemon, MCP shims and other JVMs.
 *
 * <pre>{@code
 * try (CdpSlotResetter resetter = CdpResetters.clean();   // escarp-cdp's stock resetter
 *      EscarpPool pool = EscarpPool.builder().resetter(resetter).build();
 *      ClaimedSlot claimed = pool.claim("checkout-tests", Duration.ofSeconds(30))
 *          .orElseThrow(() -> new IllegalStateException("no browser free within 30 s"))) {
 *   int port = claimed.slot().cdpPort();   // drive the browser over CDP on this port
 * }                                        // reset, marked clean, unlocked
 * }</pre>
 *
 * <p>The pool is read from {@code $ESCARP_HOME/pool.json} with the usual environment overrides
 * ({@code ESCARP_HOME}, {@code ESCARP_POOL_SIZE}, {@code ESCARP_CDP_BASE}). Problems with those
 * are not fatal: see {@link #configProblems()}. This class starts no threads; it is thread-safe.
 */
public final class EscarpPool implements AutoCloseable {

  private final EscarpHome home;
  private final PoolConfig config;
  private final List<String> configProblems;
  private final SlotLayout layout;
  private final SlotAllocator allocator;
  private final SlotResetter resetter;

  private EscarpPool(Builder b) {
    this.home = b.home != null ? b.home : EscarpHome.fromEnvironment(b.env);
    LoadedPoolConfig loaded = new PoolConfigStore(home).load(b.env);
    this.config = b.poolSize >= 0 ? loaded.config().withPoolSize(b.poolSize) : loaded.config();
    this.configProblems = loaded.problems();
    this.layout = SlotLayout.of(home, config);
    this.allocator = new SlotAllocator(b.clock);
    this.resetter = b.resetter;
  }

  public static Builder builder() {
    return new Builder();
  }

  public EscarpHome home() {
    return home;
  }

  public PoolConfig config() {
    return config;
  }

  /** What was wrong with pool.json or the environment; the affected values fell back to defaults. */
  public List<String> configProblems() {
    return configProblems;
  }

  public SlotLayout layout() {
    return layout;
  }

  /** The pool's slots, lowest index first. */
  public List<Slot> slots() {
    return layout.slots(config.poolSize());
  }

  /** The lowest free slot, claimed now; empty when every slot is held. */
  public Optional<ClaimedSlot> tryClaim(String holder) {
    return claimFrom(slots(), holder, Duration.ZERO);
  }

  /** This slot, if nobody holds it. */
  public Optional<ClaimedSlot> tryClaim(int slot, String holder) {
    return claimFrom(List.of(layout.slot(slot)), holder, Duration.ZERO);
  }

  /**
   * The lowest free slot, waiting up to {@code timeout} for one to free up; empty when none did.
   * A slot left dirty by a crashed holder is reset before it is handed to you.
   */
  public Optional<ClaimedSlot> claim(String holder, Duration timeout) throws InterruptedException {
    return claimInterruptibly(slots(), holder, timeout);
  }

  /** Who holds this slot now, read without disturbing the holder. */
  public Optional<SlotHolder> holderOf(int slot) {
    return allocator.holderOf(layout.slot(slot));
  }

  /** Nothing to release: claims are closed by their users. Present for try-with-resources. */
  @Override
  public void close() {}

  private Optional<ClaimedSlot> claimFrom(List<Slot> candidates, String holder, Duration timeout) {
    try {
      return claimInterruptibly(candidates, holder, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<ClaimedSlot> claimInterruptibly(List<Slot> candidates, String holder, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(holder, "holder");
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Slot> left = new ArrayList<>(candidates);
    while (!left.isEmpty()) {
      Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Optional<SlotClaim> claim = allocator.claim(left, holder, remaining);
      if (claim.isEmpty()) {
        return Optional.empty();
      }
      SlotClaim c = claim.get();
      if (!c.needsReset()) {
        return Optional.of(new ClaimedSlot(c, resetter));
      }
      try {
        resetter.reset(c.slot());
        c.markClean();
        c.reassign(holder);
        return Optional.of(new ClaimedSlot(c, resetter));
      } catch (Exception e) {
        // Leave it marked dirty for whoever can reset it, and look elsewhere.
        c.close();
        left.remove(c.slot());
      }
    }
    return Optional.empty();
  }

  /** Opens an {@link EscarpPool}; each setting may be given once. */
  public static final class Builder {
    private Map<String, String> env = System.getenv();
    private EscarpHome home;
    private SlotResetter resetter;
    private Clock clock = Clock.system();
    private int poolSize = -1;
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    /** Where escarp keeps its state (default: {@code ESCARP_HOME}, else {@code ~/.escarp}). */
    public Builder home(Path root) {
      once("home");
      this.home = new EscarpHome(Objects.requireNonNull(root, "home"));
      return this;
    }

    /** The environment to read {@code ESCARP_*} overrides from (default: this process's). */
    public Builder environment(Map<String, String> value) {
      once("environment");
      this.env = Map.copyOf(Objects.requireNonNull(value, "environment"));
      return this;
    }

    /** Overrides pool.json's {@code pool_size}. */
    public Builder poolSize(int value) {
      once("poolSize");
      if (value < 0) {
        throw new IllegalArgumentException("pool size must be >= 0, got " + value);
      }
      this.poolSize = value;
      return this;
    }

    /**
     * Resets a browser before the next holder gets it. Required: a pool that hands a browser on
     * unreset would mark it clean without anything having cleaned it. escarp-cdp's {@code
     * CdpResetters.clean()} and {@code CdpResetters.tabs()} are the stock ones; {@link
     * SlotResetter#none()} says, explicitly, that holders clean up after themselves.
     */
    public Builder resetter(SlotResetter value) {
      once("resetter");
      this.resetter = Objects.requireNonNull(value, "resetter");
      return this;
    }

    public Builder clock(Clock value) {
      once("clock");
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Opens the pool; fails when no {@link #resetter(SlotResetter)} was given. */
    public EscarpPool build() {
      if (resetter == null) {
        throw new IllegalStateException("an EscarpPool needs a resetter: set one with resetter(...), e.g. "
            + "escarp-cdp's CdpResetters.clean() (cookies, storage, tabs wiped) or CdpResetters.tabs(); "
            + "SlotResetter.none() only if every holder cleans up after itself");
      }
      return new EscarpPool(this);
    }

    private void once(String setting) {
      if (!set.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }
  }
}
