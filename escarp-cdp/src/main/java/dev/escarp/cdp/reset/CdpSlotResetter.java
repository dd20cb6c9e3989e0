package dev.escarp.cdp.reset;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.RemoteProbe;
import dev.escarp.core.slot.RemoteBrowser;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Resets a slot's browser over CDP with a {@link ResetPolicy}, then verifies the result and
 * throws {@link ResetFailedException} when it does not hold, so a dirty browser is never lent.
 *
 * <p>Under {@code full} each reset opens one browser-target connection and closes it afterwards;
 * under {@code reuse} the connection stays open for the next reset of that port. The browser's
 * {@code webSocketDebuggerUrl} is remembered per port and discovered again ({@code /json/version})
 * when connecting to it fails, so a restarted browser is simply found again. The steps run as one
 * chain on the connection's event loop; {@link #reset(Slot)} blocks the calling thread (escarp's
 * reset threads) until the chain is done. Do not call it from a CDP callback.
 *
 * <p>By {@link ResetStrategy}: under {@code reuse} (the default) the tab a verified reset left is
 * remembered per port, and the next reset reuses it when the browser proves the holder did not
 * navigate in it ({@link TabReuse}); otherwise, or when that result does not verify, the full reset
 * runs. Cheaper still, a kept tab that nothing touched since the last reset ({@link TabSentry},
 * listening on the kept connection) is handed on without a reload. {@link #counts()} says how
 * often each path ran.
 *
 * <p>Connections share the event loop group of the client options, or else one thread of the
 * resetter's own, released by {@link #close()}. Thread-safe: different slots may be reset at once.
 */
public final class CdpSlotResetter implements SlotResetter, AutoCloseable {

  /** How long a closed page may linger in the target list before verification fails. */
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);

  private final ResetPolicy policy;
  private final VersionProbe probe;
  private final CdpConnector connector;
  private final Duration settle;
  private final ResetStrategy strategy;
  private final Map<Integer, URI> endpoints = new ConcurrentHashMap<>();
  private final RemoteProbe remoteProbe;
  /** Per port, the tab the last verified reset left; a failed or unknown reset forgets it. */
  private final Map<Integer, KeptTab> kept = new ConcurrentHashMap<>();
  private final Map<Integer, CdpClient> connections = new ConcurrentHashMap<>();
  /** Per port, what happened to the targets since the last reset, over the kept connection. */
  private final Map<Integer, TabSentry> sentries = new ConcurrentHashMap<>();
  private final LongAdder untouched = new LongAdder();
  private final LongAdder reused = new LongAdder();
  private final LongAdder full = new LongAdder();
  private final LongAdder fellBack = new LongAdder();

  public CdpSlotResetter(ResetPolicy policy, VersionProbe probe, CdpClientOptions clientOptions) {
    this(policy, probe, clientOptions, DEFAULT_SETTLE);
  }

  public CdpSlotResetter(ResetPolicy policy, VersionProbe probe, CdpClientOptions clientOptions, Duration settle) {
    this(policy, ResetStrategy.REUSE, probe, clientOptions, settle);
  }

  public CdpSlotResetter(ResetPolicy policy, ResetStrategy strategy, VersionProbe probe,
      CdpClientOptions clientOptions, Duration settle) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.connector = new CdpConnector(Objects.requireNonNull(clientOptions, "clientOptions"), "escarp-cdp-reset");
    this.settle = Objects.requireNonNull(settle, "settle");
    this.remoteProbe = RemoteProbe.create(probe.timeout());
  }

  public ResetStrategy strategy() {
    return strategy;
  }

  /** How the resets so far went (cheap path, full, full after the cheap path could not be proven). */
  public ResetCounts counts() {
    return new ResetCounts(reused.sum(), full.sum(), fellBack.sum(), untouched.sum());
  }

  public ResetPolicy policy() {
    return policy;
  }

  @Override
  public void reset(Slot slot) throws ResetFailedException {
    try {
      if (slot.remote().isPresent()) {
        resetRemote(slot.remote().get(), policy);
        return;
      }
      reset(slot.cdpPort());
    } catch (ResetFailedException e) {
      throw new ResetFailedException("slot " + slot.index() + ": " + e.getMessage(), e.getCause());
    }
  }

  /**
   * Resets by the policy the ended lease's record named ({@code tabs} or {@code clean}), not this
   * resetter's own: a lease may ask for {@code clean} under a {@code tabs} pool.
   */
  @Override
  public void reset(Slot slot, String resetPolicy) throws ResetFailedException {
    ResetPolicy chosen = ResetPolicy.parse(resetPolicy);
    try {
      if (slot.remote().isPresent()) {
        resetRemote(slot.remote().get(), chosen);
        return;
      }
      reset(slot.cdpPort(), chosen);
    } catch (ResetFailedException e) {
      throw new ResetFailedException("slot " + slot.index() + ": " + e.getMessage(), e.getCause());
    }
  }

  /** Resets the browser whose DevTools port is {@code cdpPort}. */
  public void reset(int cdpPort) throws ResetFailedException {
    reset(cdpPort, policy);
  }

  private void reset(int cdpPort, ResetPolicy chosen) throws ResetFailedException {
    boolean reuse = strategy == ResetStrategy.REUSE;
    KeptTab last = reuse ? kept.remove(cdpPort) : null;
    CdpClient open = connections.get(cdpPort);
    boolean keptConnection = reuse && open != null && open.isOpen();
    try {
      Steps.await(resetOver(cdpPort, chosen, last, reuse));
    } catch (ResetFailedException e) {
      if (!keptConnection) {
        throw failed(cdpPort, chosen, e);
      }
      // The kept connection may have died with a browser that was restarted since: once more,
      // over a fresh one, by the full reset.
      try {
        Steps.await(resetOver(cdpPort, chosen, null, reuse));
      } catch (ResetFailedException again) {
        throw failed(cdpPort, chosen, again);
      }
    }
  }

  /**
   * A remote browser is reset the same way, over its own browser endpoint (asked of its {@code
   * /json/version} each time, or its WebSocket URL as given), with its token.
   */
  private void resetRemote(RemoteBrowser remote, ResetPolicy chosen) throws ResetFailedException {
    URI url;
    if (remote.webSocketOnly()) {
      url = remote.url();
    } else {
      ProbeResult found = remoteProbe.probe(remote);
      if (found instanceof ProbeResult.NothingThere nothing) {
        throw new ResetFailedException("remote " + remote.name() + ": no browser there (" + nothing.reason() + ")", null);
      }
      url = remote.browserConnectUrl(found.version().orElseThrow().webSocketDebuggerUrl());
    }
    CompletableFuture<Void> chain = Steps.step(connector.connect(url, remote.headers()), "could not connect to remote "
        + remote.name()).thenCompose(browser -> resetKeeping(browser, chosen, null, Optional.empty()).<Void>thenApply(tab -> null)
            .whenComplete((ok, error) -> browser.close()));
    try {
      Steps.await(chain);
    } catch (ResetFailedException e) {
      throw new ResetFailedException(chosen.wireName() + " reset of remote " + remote.name() + " failed: "
          + e.getMessage(), e.getCause());
    }
  }

  private CompletableFuture<Void> resetOver(int cdpPort, ResetPolicy chosen, KeptTab last, boolean reuse) {
    return (reuse ? openConnection(cdpPort) : connect(cdpPort))
        .thenCompose(browser -> resetKeeping(browser, chosen, last, sentryOf(cdpPort, browser))
            .thenAccept(tab -> tab.ifPresent(t -> kept.put(cdpPort, t)))
            .whenComplete((ok, error) -> {
              if (!reuse || error != null) {
                connections.remove(cdpPort, browser);
                browser.close();
              }
            }));
  }

  private static ResetFailedException failed(int cdpPort, ResetPolicy chosen, ResetFailedException e) {
    return new ResetFailedException(
        chosen.wireName() + " reset on port " + cdpPort + " failed: " + e.getMessage(), e.getCause());
  }

  /** Resets over an open connection to a browser target (not a page), which stays open. */
  public void reset(CdpClient browser) throws ResetFailedException {
    Steps.await(resetAsync(browser));
  }

  /** As {@link #reset(CdpClient)}, by the given policy. */
  public void reset(CdpClient browser, ResetPolicy chosen) throws ResetFailedException {
    Steps.await(resetAsync(browser, chosen));
  }

  CompletableFuture<Void> resetAsync(CdpClient browser) {
    return resetAsync(browser, policy);
  }

  CompletableFuture<Void> resetAsync(CdpClient browser, ResetPolicy policy) {
    BrowserTargets targets = new BrowserTargets(browser);
    // Open the new page before closing anything: a headed window must never drop to zero tabs.
    return targets
        .openBlankPage()
        .thenCompose(keep -> targets.pages()
            .thenCompose(pages -> targets.close(othersThan(keep, pages)))
            .thenCompose(v -> policy == ResetPolicy.CLEAN ? new BrowsingDataWipe(browser, targets).wipe(keep) : Steps.done()))
        .thenCompose(v -> new ResetVerifier(browser, targets, settle).verify(policy));
  }

  /**
   * The reset by strategy: the kept tab reused when {@code last} is known and the browser proves it
   * untouched, else the full reset. Yields the tab to remember for the next reset (none under
   * {@link ResetStrategy#FULL}, which stays exactly the 1.x way).
   */
  private CompletableFuture<Optional<KeptTab>> resetKeeping(CdpClient browser, ResetPolicy chosen, KeptTab last,
      Optional<TabSentry> sentry) {
    if (strategy == ResetStrategy.FULL) {
      return resetAsync(browser, chosen).thenApply(v -> {
        full.increment();
        return Optional.empty();
      });
    }
    // Every reset over a watched connection begins (its own events are not the holder's) and ends.
    boolean quiet = sentry.map(TabSentry::begin).orElse(false);
    CompletableFuture<Optional<KeptTab>> chain = resetKeeping(browser, chosen, last, quiet);
    if (sentry.isEmpty()) {
      return chain;
    }
    return chain.handle((tab, error) -> {
      if (error != null || tab.isEmpty()) {
        sentry.get().failed();
        return error != null ? CompletableFuture.<Optional<KeptTab>>failedFuture(error)
            : CompletableFuture.completedFuture(tab);
      }
      return sentry.get().settled(tab.get().targetId()).handle((v, e) -> {
        if (e != null) {
          sentry.get().failed(); // the reset itself verified: keep its tab, just not quiet
        }
        return tab;
      });
    }).thenCompose(f -> f);
  }

  /** Untouched (no reload), else reused (reloaded), else full: the cheapest path the browser proves. */
  private CompletableFuture<Optional<KeptTab>> resetKeeping(CdpClient browser, ResetPolicy chosen, KeptTab last,
      boolean quiet) {
    BrowserTargets targets = new BrowserTargets(browser);
    TabReuse reuse = new TabReuse(browser, targets, settle);
    CompletableFuture<Optional<KeptTab>> untouchedTab = last == null || !quiet
        ? CompletableFuture.completedFuture(Optional.empty())
        : reuse.tryUntouched(last, chosen);
    return untouchedTab.thenCompose(kept -> {
      if (kept.isPresent()) {
        untouched.increment();
        return CompletableFuture.completedFuture(kept);
      }
      return last == null ? CompletableFuture.completedFuture(Optional.<KeptTab>empty())
          : reuse.tryReuse(last, chosen).thenApply(tab -> {
            tab.ifPresent(t -> reused.increment());
            return tab;
          });
    }).thenCompose(cheap -> {
      if (cheap.isPresent()) {
        return CompletableFuture.completedFuture(cheap);
      }
      if (last != null) {
        fellBack.increment();
      }
      return resetAsync(browser, chosen)
          .thenCompose(v -> targets.pages())
          .thenCompose(pages -> Steps.step(browser.attachToTarget(pages.get(0).targetId()), "could not attach to the new tab")
              .thenCompose(page -> TabReuse.keptWhenCommitted(page, pages.get(0).targetId())
                  .whenComplete((t, e) -> page.detach())))
          .thenApply(tab -> {
            full.increment();
            return tab;
          });
    });
  }

  /** The sentry watching over this very connection, if any. */
  private Optional<TabSentry> sentryOf(int port, CdpClient browser) {
    return Optional.ofNullable(sentries.get(port)).filter(s -> s.browser() == browser);
  }

  private static List<String> othersThan(String keep, List<PageTarget> pages) {
    return pages.stream().map(PageTarget::targetId).filter(id -> !id.equals(keep)).toList();
  }

  /**
   * Under {@code reuse}, the browser connection stays open between resets (a WebSocket handshake
   * less per hand-over, on both sides); one that closed (the browser died) is made again.
   */
  private CompletableFuture<CdpClient> openConnection(int port) {
    CdpClient open = connections.get(port);
    if (open != null && open.isOpen()) {
      return CompletableFuture.completedFuture(open);
    }
    return connect(port).thenCompose(fresh -> TabSentry.start(fresh).handle((sentry, error) -> {
      // Without a sentry (the browser refused discovery) the tab is still reused, only always reloaded.
      if (error == null) {
        sentries.put(port, sentry);
      } else {
        sentries.remove(port);
      }
      connections.put(port, fresh);
      return fresh;
    }));
  }

  /** Connects to the remembered endpoint of the port, or discovers it (again). */
  private CompletableFuture<CdpClient> connect(int port) {
    URI known = endpoints.get(port);
    if (known == null) {
      return discoverAndConnect(port);
    }
    return connector
        .connect(known)
        .handle((client, error) -> error == null ? CompletableFuture.completedFuture(client) : discoverAndConnect(port))
        .thenCompose(Function.identity());
  }

  private CompletableFuture<CdpClient> discoverAndConnect(int port) {
    return probe.probeAsync(port).thenCompose(found -> {
      if (found instanceof ProbeResult.NothingThere nothing) {
        endpoints.remove(port);
        return CompletableFuture.failedFuture(new ResetFailedException("no browser there (" + nothing.reason() + ")"));
      }
      URI url = found.version().orElseThrow().webSocketDebuggerUrl();
      endpoints.put(port, url);
      return Steps.step(connector.connect(url), "could not connect to " + url);
    });
  }

  /** Releases the resetter's own event loop thread, if it made one. */
  @Override
  public void close() {
    connections.values().forEach(CdpClient::close);
    connections.clear();
    connector.close();
    remoteProbe.close();
  }
}
