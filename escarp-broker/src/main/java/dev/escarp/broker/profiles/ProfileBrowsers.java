package dev.escarp.broker.profiles;

import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.RemoteProbe;
import dev.escarp.core.slot.RemoteBrowser;
import java.net.URI;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.reset.ResetFailedException;
import dev.escarp.cdp.reset.ResetPolicy;
import dev.escarp.cdp.storage.BrowserStorage;
import dev.escarp.cdp.storage.StorageState;
import dev.escarp.core.slot.Slot;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves auth profiles into and out of a slot's browser over CDP: load (wiping first unless the slot
 * is known clean) and read back. Blocking. The browser connection of a local slot stays open
 * between calls (a probe and a WebSocket handshake less per profile acquire) and is made again
 * once it closed or a call over it failed; a remote browser gets one short connection per call.
 */
final class ProfileBrowsers implements AutoCloseable {

  private static final Duration STEP = Duration.ofSeconds(10);

  private final VersionProbe probe;
  private final RemoteProbe remoteProbe;
  private final CdpConnector connector;
  private final CdpSlotResetter wiper;
  private final CleanSlots cleanSlots;
  private final Map<Integer, CdpClient> kept = new ConcurrentHashMap<>();

  ProfileBrowsers(VersionProbe probe, CdpSlotResetter wiper, CleanSlots cleanSlots) {
    this.probe = probe;
    this.remoteProbe = RemoteProbe.create(probe.timeout());
    this.connector = new CdpConnector(CdpClientOptions.defaults(), "escarp-profiles");
    this.wiper = wiper;
    this.cleanSlots = cleanSlots;
  }

  /**
   * Loads the state into the slot's browser. Wipes it first unless its last reset was clean; a
   * slot known clean is still checked for cookies (a guard against a claimant outside this
   * daemon), alongside the load rather than before it: should it hold any, the slot is wiped and
   * loaded again.
   */
  void load(Slot slot, StorageState state) throws ProfileException {
    CdpClient browser = open(slot);
    try {
      BrowserStorage storage = new BrowserStorage(browser, STEP);
      if (!cleanSlots.takeClean(slot.index()) || !storage.loadIfNoCookies(state)) {
        wiper.reset(browser, ResetPolicy.CLEAN);
        storage.load(state);
      }
    } catch (IOException | ResetFailedException e) {
      drop(slot, browser);
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "could not load the profile into slot " + slot.index() + "'s browser: " + e.getMessage());
    } finally {
      done(slot, browser);
    }
  }

  /** The browser's cookies, and the localStorage of these origins. */
  StorageState read(Slot slot, Collection<String> origins) throws ProfileException {
    CdpClient browser = open(slot);
    try {
      return new BrowserStorage(browser, STEP).read(origins);
    } catch (IOException e) {
      drop(slot, browser);
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "could not read slot " + slot.index() + "'s browser: " + e.getMessage());
    } finally {
      done(slot, browser);
    }
  }

  /** The origins of the browser's open pages (http and https only). */
  java.util.List<String> pageOrigins(Slot slot) throws ProfileException {
    CdpClient browser = open(slot);
    try {
      java.util.List<String> origins = new java.util.ArrayList<>();
      var targets = browser.send("Target.getTargets").get(STEP.toMillis(), TimeUnit.MILLISECONDS);
      for (var t : targets.path("targetInfos")) {
        if (!"page".equals(t.path("type").asText())) {
          continue;
        }
        try {
          java.net.URI u = java.net.URI.create(t.path("url").asText());
          if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
            String origin = u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
            if (!origins.contains(origin)) {
              origins.add(origin);
            }
          }
        } catch (IllegalArgumentException ignored) {
          // not a URL we can take an origin from
        }
      }
      return origins;
    } catch (ExecutionException | TimeoutException e) {
      drop(slot, browser);
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "could not list slot " + slot.index() + "'s pages: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProfileException(ProfileException.Kind.BROWSER, "interrupted");
    } finally {
      done(slot, browser);
    }
  }

  /** The slot's kept connection while it is open, else a new one (kept for a local slot). */
  private synchronized CdpClient open(Slot slot) throws ProfileException {
    if (slot.remote().isPresent()) {
      return connect(slot);
    }
    CdpClient open = kept.get(slot.index());
    if (open != null && open.isOpen()) {
      return open;
    }
    CdpClient fresh = connect(slot);
    CdpClient before = kept.put(slot.index(), fresh);
    if (before != null) {
      before.close();
    }
    return fresh;
  }

  /** A call failed over this connection: the next one connects afresh (the browser may be new). */
  private void drop(Slot slot, CdpClient browser) {
    kept.remove(slot.index(), browser);
  }

  /** Closes a connection that is not kept (a remote one, or one dropped). */
  private void done(Slot slot, CdpClient browser) {
    if (kept.get(slot.index()) != browser) {
      browser.close();
    }
  }

  /** A remote browser: found by its own URL, reached with its query token and headers. */
  private CdpClient connectRemote(RemoteBrowser remote, Slot slot) throws ProfileException {
    ProbeResult found = remoteProbe.probe(remote);
    if (found instanceof ProbeResult.NothingThere nothing) {
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "slot " + slot.index() + "'s remote browser does not answer (" + nothing.reason() + ")");
    }
    URI url = remote.browserConnectUrl(found.version().map(v -> v.webSocketDebuggerUrl()).orElse(remote.url()));
    try {
      return connector.connect(url, remote.headers()).get(STEP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "could not connect to slot " + slot.index() + "'s remote browser: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProfileException(ProfileException.Kind.BROWSER, "interrupted");
    }
  }

  private CdpClient connect(Slot slot) throws ProfileException {
    if (slot.remote().isPresent()) {
      return connectRemote(slot.remote().get(), slot);
    }
    try {
      ProbeResult found = probe.probeAsync(slot.cdpPort()).get(STEP.toMillis(), TimeUnit.MILLISECONDS);
      if (found instanceof ProbeResult.NothingThere nothing) {
        throw new ProfileException(ProfileException.Kind.BROWSER,
            "slot " + slot.index() + "'s browser does not answer (" + nothing.reason() + ")");
      }
      return connector.connect(found.version().orElseThrow().webSocketDebuggerUrl())
          .get(STEP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProfileException(ProfileException.Kind.BROWSER,
          "could not connect to slot " + slot.index() + "'s browser: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProfileException(ProfileException.Kind.BROWSER, "interrupted");
    }
  }

  @Override
  public void close() {
    kept.values().forEach(CdpClient::close);
    kept.clear();
    connector.close();
    remoteProbe.close();
  }
}
