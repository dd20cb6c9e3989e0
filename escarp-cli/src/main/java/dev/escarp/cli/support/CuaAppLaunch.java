package dev.escarp.cli.support;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BinaryLookup;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cli.CliContext;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.Slot;
import dev.escarp.macos.MacPlatform;
import dev.escarp.macos.bundle.BundleResult;
import dev.escarp.macos.bundle.CuaAppBundles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code launch-pool --cua-apps} on macOS: each missing slot gets its own app bundle, cloned from
 * the Chrome for Testing app, and is launched from it. Exercised on Linux only up to the
 * "unavailable" answer (see escarp-macos's README for what runs only through fakes).
 */
public final class CuaAppLaunch {

  private final CliContext context;

  public CuaAppLaunch(CliContext context) {
    this.context = context;
  }

  /** Launches the slots as per-slot apps, or returns empty when this platform has none. */
  public Optional<PoolLaunch.Summary> launch(PoolConfig config, List<Slot> slots, LaunchOptions options) {
    return MacIdentity.with(context, mac -> {
      if (mac.windowsUnavailable().isPresent()) {
        return Optional.<PoolLaunch.Summary>empty();
      }
      return Optional.of(launchAll(mac, config, slots, options));
    });
  }

  private PoolLaunch.Summary launchAll(MacPlatform mac, PoolConfig config, List<Slot> slots, LaunchOptions options) {
    Host host = context.host();
    BinaryLookup lookup = new BinaryLocator(host, context.home(), config.cftBinary()).locate();
    Optional<Path> source = lookup.binary().flatMap(CuaAppBundles::sourceBundleOf);
    int launched = 0;
    int skipped = 0;
    int failed = 0;
    for (Slot slot : slots) {
      if (context.probe().probe(slot.cdpPort()) instanceof ProbeResult.Found) {
        skipped++;
        context.out().printf("slot %d: already running on port %d%n", slot.index(), slot.cdpPort());
        continue;
      }
      if (source.isEmpty()) {
        failed++;
        context.out().printf("slot %d: FAILED: no Chrome for Testing .app to clone (%s)%n", slot.index(),
            lookup.binary().map(Path::toString).orElse(lookup.problem()));
        continue;
      }
      BundleResult bundle = mac.prepareCuaApp(slot.index(), source.get());
      if (bundle instanceof BundleResult.Failed f) {
        failed++;
        context.out().printf("slot %d: FAILED to build its app: %s%n", slot.index(), f.reason());
        continue;
      }
      BundleResult.Created created = (BundleResult.Created) bundle;
      Host launching = CuaAppBundles.launchHost(host, created.identity());
      LaunchResult result = new BrowserLauncher(new BinaryLocator(launching, context.home(), Optional.empty()),
          context.probe(), context.browserProcesses(), launching, options).launch(slot);
      if (result instanceof LaunchResult.Failed f) {
        failed++;
        context.out().printf("slot %d: FAILED: %s%n", slot.index(), f.reason());
      } else {
        launched++;
        context.out().printf("slot %d: launched as \"%s\" (%s) on port %d%n", slot.index(),
            created.identity().appName(), created.identity().bundleId(), slot.cdpPort());
      }
    }
    context.out().printf("%d launched / %d skipped / %d failed%n", launched, skipped, failed);
    return new PoolLaunch.Summary(launched, skipped, failed);
  }
}
