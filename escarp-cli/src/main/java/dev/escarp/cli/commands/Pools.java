package dev.escarp.cli.commands;

import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.core.config.PoolConfig;

/** Pool settings from the command line, checked the way pool.json's are. */
final class Pools {

  private Pools() {}

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
