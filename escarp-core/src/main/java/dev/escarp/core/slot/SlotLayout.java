package dev.escarp.core.slot;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Derives every resource of a slot from its index: CDP port {@code cdp_base + s}, profile dir
 * {@code $ESCARP_HOME/profiles/<tier>/slot-<s>}, lock file {@code $ESCARP_HOME/locks/slot-<s>.lock}
 * and the dev ports.
 */
public final class SlotLayout {

  private final EscarpHome home;
  private final int cdpBase;
  private final String tier;

  public SlotLayout(EscarpHome home, int cdpBase, String tier) {
    this.home = Objects.requireNonNull(home, "home");
    if (cdpBase < 1 || cdpBase > 65535) {
      throw new IllegalArgumentException("cdp base must be in 1..65535, got " + cdpBase);
    }
    this.cdpBase = cdpBase;
    this.tier = Objects.requireNonNull(tier, "tier");
  }

  public static SlotLayout of(EscarpHome home, PoolConfig config) {
    return new SlotLayout(home, config.cdpBase(), config.tier());
  }

  /** The slot with this index; a negative index, or one past the last port, is rejected. */
  public Slot slot(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("slot index must be >= 0, got " + index);
    }
    if ((long) cdpBase + index > 65535) {
      throw new IllegalArgumentException(
          "slot " + index + " would need cdp port " + ((long) cdpBase + index) + ", past 65535");
    }
    return new Slot(
        index,
        cdpBase + index,
        home.profilesDir(tier).resolve("slot-" + index),
        home.locksDir().resolve("slot-" + index + ".lock"),
        DevPorts.forSlot(index));
  }

  /**
   * A slot of the {@code remote} backend at this index: its CDP port is the remote's, its lock
   * file {@code $ESCARP_HOME/locks/remote-<name>.lock} (named after the browser, not the index, so
   * every process on the host agrees who holds that browser), its profile dir a path escarp never
   * launches anything on.
   */
  public Slot remoteSlot(int index, RemoteBrowser remote) {
    if (index < 0) {
      throw new IllegalArgumentException("slot index must be >= 0, got " + index);
    }
    return new Slot(index, remote.port(), home.root().resolve("remotes").resolve(remote.name()),
        home.locksDir().resolve("remote-" + remote.name() + ".lock"), DevPorts.forSlot(index),
        java.util.Optional.of(remote));
  }

  /** The pool's remote slots, numbered from {@code firstIndex} in the order given. */
  public List<Slot> remoteSlots(int firstIndex, List<RemoteBrowser> remotes) {
    return IntStream.range(0, remotes.size()).mapToObj(i -> remoteSlot(firstIndex + i, remotes.get(i))).toList();
  }

  /** Slots {@code [0, poolSize)}. */
  public List<Slot> slots(int poolSize) {
    if (poolSize < 0) {
      throw new IllegalArgumentException("pool size must be >= 0, got " + poolSize);
    }
    return IntStream.range(0, poolSize).mapToObj(this::slot).toList();
  }

  public int cdpBase() {
    return cdpBase;
  }

  public String tier() {
    return tier;
  }

  public EscarpHome home() {
    return home;
  }
}
