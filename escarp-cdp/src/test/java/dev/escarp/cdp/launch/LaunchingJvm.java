package dev.escarp.cdp.launch;

import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The main class of the child JVM in {@link DetachedLaunchTest}: launches slots, reports them on
 * stdout, then waits to be SIGKILLed. Arguments: ESCARP_HOME, cdp base, pool size.
 */
public final class LaunchingJvm {

  private LaunchingJvm() {}

  public static void main(String[] args) throws Exception {
    EscarpHome home = new EscarpHome(Path.of(args[0]));
    SlotLayout layout = new SlotLayout(home, Integer.parseInt(args[1]), PoolConfig.DEFAULT_TIER);
    Host host = TestPool.testHost();
    BrowserLauncher launcher =
        new BrowserLauncher(
            new BinaryLocator(host, home, Optional.empty()),
            VersionProbe.create(),
            new BrowserProcesses(home, host),
            host,
            LaunchOptions.defaults());
    for (LaunchResult result : launcher.launchAll(layout.slots(Integer.parseInt(args[2])))) {
      if (result instanceof LaunchResult.Launched launched) {
        System.out.println("LAUNCHED " + launched.slot() + " " + launched.pid());
      } else {
        System.out.println("NOT-LAUNCHED " + result);
      }
    }
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
