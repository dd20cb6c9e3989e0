package dev.escarp.cli.support;

import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cli.CliContext;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.Slot;
import java.io.PrintWriter;
import java.util.List;

/** Launches slots' browsers (missing ones only) with one progress line per slot and a summary. */
public final class PoolLaunch {

  private final CliContext context;

  public PoolLaunch(CliContext context) {
    this.context = context;
  }

  /** What a launch came to. */
  public record Summary(int launched, int skipped, int failed) {
    public boolean allUp() {
      return failed == 0;
    }
  }

  public Summary launch(PoolConfig config, List<Slot> slots, LaunchOptions options) {
    PrintWriter out = context.out();
    List<LaunchResult> results = context.launcher(config, options).launchAll(slots);
    int launched = 0;
    int skipped = 0;
    int failed = 0;
    for (LaunchResult result : results) {
      if (result instanceof LaunchResult.Launched l) {
        launched++;
        out.printf("slot %d: launched on port %d (pid %d, ready in %d ms)%n", l.slot(), l.cdpPort(),
            l.pid(), l.took().toMillis());
      } else if (result instanceof LaunchResult.Skipped s) {
        skipped++;
        out.printf("slot %d: already running on port %d%n", s.slot(), s.cdpPort());
      } else {
        LaunchResult.Failed f = (LaunchResult.Failed) result;
        failed++;
        out.printf("slot %d: FAILED on port %d: %s%n", f.slot(), f.cdpPort(), f.reason());
      }
    }
    out.printf("%d launched / %d skipped / %d failed%n", launched, skipped, failed);
    out.flush();
    return new Summary(launched, skipped, failed);
  }
}
