package dev.escarp.junit;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.cdp.reset.CdpResetters;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.watch.BrowserWatch;
import dev.escarp.core.ClaimedSlot;
import dev.escarp.core.EscarpPool;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Browsers leased from escarp's pool through escarp-core's flock allocator: a claim is exclusive
 * across every process on the host (other test JVMs, escarp's daemon, agents), a test waits when
 * every slot is held, and a slot's browser is launched by whoever claims it while it is not
 * running. Giving a browser back resets it (verified) before the slot is unlocked. One per JVM,
 * in JUnit's root store; thread-safe.
 */
final class PooledBrowsers implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  /** The newest this many console entries of a test are kept for its evidence. */
  private static final int MAX_CONSOLE_ENTRIES = 2000;

  private static final System.Logger LOG = System.getLogger(PooledBrowsers.class.getName());

  private final EscarpSettings settings;
  private final EscarpPool pool;
  private final SlotLauncher launcher;
  private final CdpSlotResetter resetter;
  private final CdpConnector connector = new CdpConnector(CdpClientOptions.defaults(), "escarp-junit");
  /** A lease's open connection to its browser while the lease ends, so the reset need not open one. */
  private final Map<Integer, CdpClient> ending;

  private PooledBrowsers(EscarpSettings settings, EscarpPool pool, SlotLauncher launcher, CdpSlotResetter resetter,
      Map<Integer, CdpClient> ending) {
    this.settings = settings;
    this.ending = ending;
    this.pool = pool;
    this.launcher = launcher;
    this.resetter = resetter;
  }

  static PooledBrowsers open(EscarpSettings settings) {
    // A home named in the settings is a pool of its own: its pool.json, not this process's
    // ESCARP_POOL_SIZE / ESCARP_CDP_BASE (which describe ESCARP_HOME's pool), says what it is.
    Map<String, String> env = settings.home().isPresent() ? Map.of() : System.getenv();
    EscarpHome home = settings.home().map(EscarpHome::new).orElseGet(() -> EscarpHome.fromEnvironment(env));
    CdpSlotResetter resetter = CdpResetters.of(settings.reset());
    AtomicReference<SlotLauncher> launcher = new AtomicReference<>();
    Map<Integer, CdpClient> ending = new ConcurrentHashMap<>();
    // Resets run while this process holds the slot's flock, so launching a missing browser here cannot race.
    EscarpPool pool = EscarpPool.builder()
        .home(home.root())
        .environment(env)
        .resetter(slot -> reset(slot, Optional.ofNullable(ending.get(slot.index())), resetter, launcher.get()))
        .build();
    launcher.set(new SlotLauncher(pool.home(), pool.config().cftBinary()));
    pool.configProblems().forEach(p -> LOG.log(Level.WARNING, "escarp pool configuration: " + p));
    return new PooledBrowsers(settings, pool, launcher.get(), resetter, ending);
  }

  /** Over the ending lease's open connection when there is one (it saves a connect), else by port. */
  private static void reset(Slot slot, Optional<CdpClient> open, CdpSlotResetter resetter, SlotLauncher launcher)
      throws Exception {
    if (open.isPresent() && open.get().isOpen()) {
      try {
        resetter.reset(open.get());
        return;
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "reset over the lease's connection failed, resetting by port: " + e.getMessage());
      }
    }
    launcher.ensureRunning(slot);
    resetter.reset(slot);
  }

  EscarpSettings settings() {
    return settings;
  }

  /** A browser for this holder alone; blocks until one is free (or the claim timeout passes). */
  Lease lease(String holder) throws InterruptedException {
    if (pool.config().poolSize() == 0) {
      throw new IllegalStateException("escarp's pool at " + pool.home().root() + " has no slots; set pool_size in "
          + pool.home().poolConfigFile() + " or ESCARP_POOL_SIZE");
    }
    ClaimedSlot claimed = pool.claim(holder, settings.claimTimeout())
        .orElseThrow(() -> new IllegalStateException(noSlotCameFree()));
    try {
      BrowserVersion browser = launcher.ensureRunning(claimed.slot());
      LeasedBrowser leased = new LeasedBrowser(claimed.slot(), browser.webSocketDebuggerUrl());
      // Not waited for: it attaches while the test connects its own client (Runtime.enable replays
      // what a page logged before), and a watch that fails costs only the evidence.
      Optional<CompletableFuture<BrowserWatch>> watch = settings.evidence().isEmpty() ? Optional.empty()
          : Optional.of(BrowserWatch.start(connector, browser.webSocketDebuggerUrl(), Map.of(),
              MAX_CONSOLE_ENTRIES, Clock.systemUTC()));
      return new Lease(leased, watch, () -> release(claimed, watch));
    } catch (Exception e) {
      claimed.close();
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IllegalStateException("could not attach to the browser of slot " + claimed.slot().index() + ": " + e.getMessage(), e);
    }
  }

  private void release(ClaimedSlot claimed, Optional<CompletableFuture<BrowserWatch>> watch) {
    int slot = claimed.slot().index();
    watch.filter(w -> w.isDone() && !w.isCompletedExceptionally())
        .ifPresent(attached -> ending.put(slot, attached.join().client()));
    try {
      claimed.close();
    } finally {
      ending.remove(slot);
      // Closed once attached, if it is still on its way.
      watch.ifPresent(w -> w.thenAccept(BrowserWatch::close));
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

  /** Lets go of this JVM's threads and connections; never ends a pooled browser. */
  @Override
  public void close() {
    connector.close();
    resetter.close();
  }
}
