package dev.escarp.cli.commands;

import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.core.config.PoolConfig;
import picocli.CommandLine.Option;

/** {@code --pool-size} and {@code --cdp-base} (up, launch-pool), checked the way pool.json's values are. */
public final class PoolShapeOptions {

  @Option(names = "--pool-size", paramLabel = "N", description = "Slots in the pool (default: pool.json, else 4).")
  private Integer poolSize;

  @Option(names = "--cdp-base", paramLabel = "PORT", description = "CDP port of slot 0 (default: pool.json, else 9222).")
  private Integer cdpBase;

  /** Whether either option was given. */
  boolean given() {
    return poolSize != null || cdpBase != null;
  }

  PoolConfig applyTo(PoolConfig config) {
    return withOverrides(config, poolSize, cdpBase);
  }

  static PoolConfig withOverrides(PoolConfig config, Integer poolSize, Integer cdpBase) {
    PoolConfig result = config;
    try {
      if (poolSize != null) {
        result = result.withPoolSize(poolSize);
      }
      if (cdpBase != null) {
        result = result.withCdpBase(cdpBase);
      }
      if (result.cdpBase() + Math.max(0, result.poolSize() - 1) > 65535) {
        throw new IllegalArgumentException("cdp ports " + result.cdpBase() + ".."
            + (result.cdpBase() + result.poolSize() - 1) + " run past 65535");
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    return result;
  }
}
