package dev.escarp.core.files;

import dev.escarp.core.config.PoolConfig;
import java.util.List;

/**
 * A pool configuration together with what was wrong with its sources. A problem never stops the
 * load: the bad value is replaced by its default and the problem is named here, so a CLI or the
 * daemon can print it as a warning.
 */
public record LoadedPoolConfig(PoolConfig config, List<String> problems) {

  public LoadedPoolConfig {
    problems = List.copyOf(problems);
  }
}
