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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resets a slot's browser over CDP with a {@link ResetPolicy}, then verifies the result and
 * throws {@link ResetFailedException} when it does not hold, so a dirty browser is never lent.
 *
 * <p>Each reset opens one browser-target connection and closes it afterwards. The browser's
 * {@code webSocketDebuggerUrl} is remembered per port and discovered again ({@code /json/version})
 * when connecting to it fails, so a restarted browser is simply found again. The steps run as one
 * chain on the connection's event loop; {@link #reset(Slot)} blocks the calling thread (escarp's
 * reset threads) until the chain is done. Do not call it from a CDP callback.
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
  private final Map<Integer, URI> endpoints = new ConcurrentHashMap<>();
  private final RemoteProbe remoteProbe;

  public CdpSlotResetter(ResetPolicy policy, VersionProbe probe, CdpClientOptions clientOptions) {
    this(policy, probe, clientOptions, DEFAULT_SETTLE);
  }

  public CdpSlotResetter(ResetPolicy policy, VersionProbe probe, CdpClientOptions clientOptions, Duration settle) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.connector = new CdpConnector(Objects.requireNonNull(clientOptions, "clientOptions"), "escarp-cdp-reset");
    this.settle = Objects.requireNonNull(settle, "settle");
    this.remoteProbe = RemoteProbe.create(probe.timeout());
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
    CompletableFuture<Void> chain = connect(cdpPort)
        .thenCompose(browser -> resetAsync(browser, chosen).whenComplete((ok, error) -> browser.close()));
    try {
      Steps.await(chain);
    } catch (ResetFailedException e) {
      throw new ResetFailedException(
          chosen.wireName() + " reset on port " + cdpPort + " failed: " + e.getMessage(), e.getCause());
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
      URI ws = found.version().orElseThrow().webSocketDebuggerUrl();
      url = remote.rawQuery().isEmpty() ? ws : URI.create(ws + "?" + remote.rawQuery());
    }
    CompletableFuture<Void> chain = Steps.step(connector.connect(url, remote.headers()), "could not connect to remote "
        + remote.name()).thenCompose(browser -> resetAsync(browser, chosen).whenComplete((ok, error) -> browser.close()));
    try {
      Steps.await(chain);
    } catch (ResetFailedException e) {
      throw new ResetFailedException(chosen.wireName() + " reset of remote " + remote.name() + " failed: "
          + e.getMessage(), e.getCause());
    }
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

  private static List<String> othersThan(String keep, List<PageTarget> pages) {
    return pages.stream().map(PageTarget::targetId).filter(id -> !id.equals(keep)).toList();
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
    connector.close();
    remoteProbe.close();
  }
}
