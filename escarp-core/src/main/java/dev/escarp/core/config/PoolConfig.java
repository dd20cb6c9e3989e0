package dev.escarp.core.config;

import dev.escarp.core.slot.RemoteBrowser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pool as recorded in {@code $ESCARP_HOME/pool.json}: how many slots, the CDP port of slot 0,
 * the profile tier, whether slots run as per-slot app bundles (macOS), and an explicit browser
 * binary; and the browsers of the {@code remote} backend ({@code remote}: escarp leases them, never
 * launches them), whose slots come after the local ones.
 */
public record PoolConfig(
    int poolSize, int cdpBase, String tier, boolean cuaApps, Optional<String> cftBinary,
    List<RemoteBrowser> remotes) {

  /** A pool of local slots only. */
  public PoolConfig(int poolSize, int cdpBase, String tier, boolean cuaApps, Optional<String> cftBinary) {
    this(poolSize, cdpBase, tier, cuaApps, cftBinary, List.of());
  }

  public static final int DEFAULT_POOL_SIZE = 4;
  public static final int DEFAULT_CDP_BASE = 9222;
  public static final String DEFAULT_TIER = "autonomous";

  public PoolConfig {
    if (poolSize < 0) {
      throw new IllegalArgumentException("pool_size must be >= 0, got " + poolSize);
    }
    if (cdpBase < 1 || cdpBase > 65535) {
      throw new IllegalArgumentException("cdp_base must be in 1..65535, got " + cdpBase);
    }
    Objects.requireNonNull(tier, "tier");
    if (tier.isBlank() || tier.contains("/") || tier.contains("..")) {
      throw new IllegalArgumentException("tier must be a plain directory name, got '" + tier + "'");
    }
    Objects.requireNonNull(cftBinary, "cftBinary");
    remotes = List.copyOf(remotes);
    if (remotes.stream().map(RemoteBrowser::name).distinct().count() != remotes.size()) {
      throw new IllegalArgumentException("two remotes share a name: " + remotes);
    }
  }

  public static PoolConfig defaults() {
    return new PoolConfig(DEFAULT_POOL_SIZE, DEFAULT_CDP_BASE, DEFAULT_TIER, false, Optional.empty());
  }

  public PoolConfig withPoolSize(int size) {
    return new PoolConfig(size, cdpBase, tier, cuaApps, cftBinary, remotes);
  }

  public PoolConfig withCdpBase(int base) {
    return new PoolConfig(poolSize, base, tier, cuaApps, cftBinary, remotes);
  }

  public PoolConfig withTier(String newTier) {
    return new PoolConfig(poolSize, cdpBase, newTier, cuaApps, cftBinary, remotes);
  }

  public PoolConfig withCuaApps(boolean enabled) {
    return new PoolConfig(poolSize, cdpBase, tier, enabled, cftBinary, remotes);
  }

  public PoolConfig withCftBinary(Optional<String> binary) {
    return new PoolConfig(poolSize, cdpBase, tier, cuaApps, binary, remotes);
  }

  public PoolConfig withRemotes(List<RemoteBrowser> list) {
    return new PoolConfig(poolSize, cdpBase, tier, cuaApps, cftBinary, list);
  }
}
