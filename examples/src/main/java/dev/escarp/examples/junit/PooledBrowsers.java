package dev.escarp.examples.junit;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.slot.Slot;
import dev.escarp.examples.support.SlotBrowsers;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Browsers leased from escarp's pool through escarp-core's flock allocator: a claim is exclusive
 * across every process on the host (other test JVMs, escarp's daemon, agents), a test waits when
 * every slot is held, and a slot's browser is launched (detached, to stay for the next run) by
 * whoever first claims it while it is not running. Giving a browser back resets it (verified)
 * before the slot is unlocked.
 */
final class PooledBrowsers implements BrowserSource {

  private static final System.Logger LOG = System.getLogger(PooledBrowsers.class.getName());

  private final EscarpSettings settings;
  private final EscarpPool pool;
  private final SlotBrowsers browsers;
  private final CdpSlotResetter resetter;
  private final CdpConnector connector;

  private PooledBrowsers(EscarpSettings settings, EscarpPool pool, SlotBrowsers browsers,
      CdpSlotResetter resetter, CdpConnector connector) {
    this.settings = settings;
    this.pool = pool;
    this.browsers = browsers;
    this.resetter = resetter;
    this.connector = connector;
  }

  static PooledBrowsers open(EscarpSettings settings) {
    // A home named in the settings is a pool of its own: its pool.json, not this process's
    // ESCARP_POOL_SIZE / ESCARP_CDP_BASE (which describe ESCARP_HOME's pool), says what it is.
    Map<String, String> env = settings.home().isPresent() ? Map.of() : System.getenv();
    EscarpHome home = settings.home().map(EscarpHome::new).orElseGet(() -> EscarpHome.fromEnvironment(env));
    Optional<String> binary = new PoolConfigStore(home).load(env).config().cftBinary();
    SlotBrowsers browsers = new SlotBrowsers(home, binary);
    CdpSlotResetter resetter = new CdpSlotResetter(settings.reset(), VersionProbe.create(), CdpClientOptions.defaults());
    // Runs while this process holds the slot's flock, so launching a missing browser here cannot race.
    EscarpPool pool = EscarpPool.builder()
        .home(home.root())
        .environment(env)
        .resetter(slot -> {
          browsers.ensureRunning(slot);
          resetter.reset(slot);
        })
        .build();
    pool.configProblems().forEach(p -> LOG.log(Level.WARNING, "escarp pool configuration: " + p));
    return new PooledBrowsers(settings, pool, browsers, resetter, new CdpConnector(CdpClientOptions.defaults(), "escarp-junit"));
  }

  @Override
  public Lease lease(String holder) throws InterruptedException {
    if (pool.config().poolSize() == 0) {
      throw new IllegalStateException("escarp's pool at " + pool.home().root() + " has no slots; set pool_size in "
          + pool.home().poolConfigFile() + " or ESCARP_POOL_SIZE");
    }
    ClaimedSlot claimed = pool.claim(holder, settings.claimTimeout())
        .orElseThrow(() -> new IllegalStateException(noSlotCameFree()));
    try {
      BrowserVersion browser = browsers.ensureRunning(claimed.slot());
      CdpClient client = connector.connect(browser.webSocketDebuggerUrl())
          .get(CdpClientOptions.DEFAULT_CONNECT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return new Lease(new LeasedBrowser(claimed.slot(), browser.webSocketDebuggerUrl(), client), claimed::close);
    } catch (Exception e) {
      claimed.close();
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IllegalStateException("could not connect to the browser of slot " + claimed.slot().index() + ": " + e.getMessage(), e);
    }
  }

  private String noSlotCameFree() {
    String holders = pool.slots().stream()
        .map(Slot::index)
        .map(i -> "slot " + i + ": " + pool.holderOf(i)
            .map(h -> "pid " + h.pid() + h.holder().map(n -> " (" + n + ")").orElse(""))
            .orElse("free now"))
        .collect(Collectors.joining("; "));
    return "no browser of escarp's pool at " + pool.home().root() + " (" + pool.config().poolSize() + " slots) came free within "
        + settings.claimTimeout().toSeconds() + " s [" + holders + "]; raise " + EscarpExtension.CLAIM_TIMEOUT
        + " or pool_size in " + pool.home().poolConfigFile();
  }

  @Override
  public void close() {
    connector.close();
    resetter.close();
  }
}
