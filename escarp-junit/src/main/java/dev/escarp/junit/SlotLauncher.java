package dev.escarp.junit;

import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.launch.BinaryLocator;
import dev.escarp.cdp.launch.BrowserLauncher;
import dev.escarp.cdp.launch.BrowserProcesses;
import dev.escarp.cdp.launch.Host;
import dev.escarp.cdp.launch.LaunchOptions;
import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds a slot's browser, launching it (detached, so it stays for the next test and the next run)
 * when nothing answers on its port. Called only while this process holds the slot's flock, so two
 * claimants never launch one profile at once. Thread-safe.
 */
final class SlotLauncher {

  private final BrowserLauncher launcher;

  SlotLauncher(EscarpHome home, Optional<String> configuredBinary) {
    Host host = Host.current();
    this.launcher = new BrowserLauncher(new BinaryLocator(host, home, configuredBinary),
        VersionProbe.create(Duration.ofMillis(1000)), new BrowserProcesses(home, host), host, LaunchOptions.defaults());
  }

  /** The slot's running browser; fails naming the slot and the reason when it cannot be started. */
  BrowserVersion ensureRunning(Slot slot) {
    LaunchResult result = launcher.launch(slot);
    if (result instanceof LaunchResult.Launched launched) {
      return launched.version();
    }
    if (result instanceof LaunchResult.Skipped skipped) {
      return skipped.version();
    }
    throw new IllegalStateException("the browser of slot " + slot.index() + " (port " + slot.cdpPort()
        + ") could not be started: " + ((LaunchResult.Failed) result).reason());
  }
}
