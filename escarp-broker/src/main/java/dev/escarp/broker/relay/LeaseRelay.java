package dev.escarp.broker.relay;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.filters.UpgradeChecks;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.metrics.RelayMetrics;
import dev.escarp.broker.routes.ProfileAcquire;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.broker.routes.LeaseEndpoints;
import dev.escarp.cdp.discovery.BrowserVersion;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.time.Scheduler;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Lease-scoped CDP endpoints: each lease gets {@code /cdp/<secret>} on the daemon's port, relayed
 * to its browser and revoked when the lease ends; {@code /connect/<holder>} acquires on first use.
 * The facade the daemon wires: it names a lease's URLs for its record, answers the discovery
 * routes, and takes over WebSocket upgrades.
 */
public final class LeaseRelay implements LeaseEndpoints {

  /** Traffic renews a lease at most this often. */
  static final Duration RENEW_EVERY = Duration.ofSeconds(1);

  private final BrowserDirectory browsers;
  private final RelayMetrics metrics;
  private final UpgradeChecks checks;
  private final Callers callers;
  private final RelayRegistry registry;
  private final ConnectLeases connects;
  private final BrowserJson json;
  private volatile int port = -1;

  public LeaseRelay(LeaseTable table, BrowserDirectory browsers, RelayMetrics metrics, Executor blocking,
      Scheduler scheduler, Duration connectGrace, Callers callers, ProfileAcquire profiles) {
    this(table, browsers, metrics, blocking, scheduler, connectGrace, callers, profiles, lease -> {});
  }

  /**
   * @param firstUse told once per lease when its holder first uses its endpoint (a discovery request
   *     or a connection), on an event loop: must not block (evidence starts watching then)
   */
  public LeaseRelay(LeaseTable table, BrowserDirectory browsers, RelayMetrics metrics, Executor blocking,
      Scheduler scheduler, Duration connectGrace, Callers callers, ProfileAcquire profiles,
      java.util.function.Consumer<Lease> firstUse) {
    this.browsers = browsers;
    this.metrics = metrics;
    this.checks = new UpgradeChecks(callers);
    this.callers = callers;
    this.registry = new RelayRegistry(table, blocking, metrics, RENEW_EVERY.toNanos(), firstUse);
    this.connects = new ConnectLeases(table, registry, blocking, scheduler, connectGrace, profiles);
    this.json = new BrowserJson(blocking, browsers::webSocketUrl);
  }

  /** The port the daemon serves on, for the URLs in lease records. */
  public void serving(int apiPort) {
    this.port = apiPort;
  }

  /** The HTTP side: {@code /cdp/<secret>/json/...} and {@code /connect/<holder>/json/...}. */
  public Route discovery() {
    return new DiscoveryRoute(this);
  }

  /** A new handler per connection that takes over WebSocket upgrades on relay paths. */
  public Supplier<ChannelHandler> takeover() {
    return () -> new WebSocketTakeover(this);
  }

  @Override
  public Urls forLease(Lease lease) {
    RelayLease relayed = registry.register(lease);
    String base = "127.0.0.1:" + port + RelayPath.CDP + relayed.secret;
    return new Urls(Optional.of("ws://" + base + browserPath(lease.slot().index()).orElse("/devtools/browser")),
        Optional.of("http://" + base));
  }

  @Override
  public boolean hidesBrowserUrl() {
    return true;
  }

  @Override
  public OptionalDouble lastFrame(int slot) {
    return registry.onSlot(slot).map(RelayLease::lastFrameMillis).filter(ms -> ms > 0)
        .map(ms -> OptionalDouble.of(ms / 1000.0)).orElse(OptionalDouble.empty());
  }

  /**
   * Holds the relayed holder-to-browser traffic of the slot's lease (a human took control): its
   * connections stop being read, so its commands wait in their sockets, bounded by TCP
   * backpressure; connections opened meanwhile wait too. Completes once in effect.
   */
  public java.util.concurrent.CompletableFuture<Void> holdTraffic(int slot) {
    return registry.onSlot(slot).map(l -> l.hold(true))
        .orElse(java.util.concurrent.CompletableFuture.completedFuture(null));
  }

  /** Releases what {@link #holdTraffic} held: the held commands go on to the browser, in order. */
  public java.util.concurrent.CompletableFuture<Void> releaseTraffic(int slot) {
    return registry.onSlot(slot).map(l -> l.hold(false))
        .orElse(java.util.concurrent.CompletableFuture.completedFuture(null));
  }

  /** Where on the browser a relayed WebSocket goes: its current browser endpoint, or the page asked for. */
  String browserPath(RelayLease lease, RelayPath path) {
    if (path.browserEndpoint()) {
      return browserPath(lease.slot.index()).orElse(path.rest());
    }
    return path.rest();
  }

  private Optional<String> browserPath(int slot) {
    return browsers.webSocketUrl(slot).map(url -> URI.create(url).getRawPath());
  }

  /** What the slot's browser last said of itself (for a remote given by WebSocket URL only). */
  Optional<BrowserVersion> browserVersion(Slot slot) {
    return browsers.version(slot.index());
  }

  String relayBase(String host, RelayLease lease) {
    return host + RelayPath.CDP + lease.secret;
  }

  /**
   * {@code slot}, {@code wait_s}, {@code profile} of a connect URL's query, and the client its bearer token names
   * (the lease counts against that client's quotas).
   */
  ConnectLeases.Options connectOptions(String rawQuery, Optional<String> authorization) {
    Map<String, List<String>> query = new QueryStringDecoder("?" + rawQuery).parameters();
    OptionalInt slot = OptionalInt.empty();
    Duration wait = Duration.ZERO;
    try {
      if (query.containsKey("slot")) {
        slot = OptionalInt.of(Integer.parseInt(query.get("slot").get(0)));
      }
      if (query.containsKey("wait_s")) {
        wait = AcquireRequest.waitOfSeconds(Double.parseDouble(query.get("wait_s").get(0)));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("connect URL query: slot must be an integer and wait_s a number of seconds"
          + " (0.." + AcquireRequest.MAX_WAIT_SECONDS + "): " + e.getMessage());
    }
    Optional<String> profile = Optional.ofNullable(query.get("profile")).map(v -> v.get(0)).filter(v -> !v.isBlank());
    return new ConnectLeases.Options(slot, wait, profile,
        callers.authenticate(authorization).flatMap(Callers.Caller::client));
  }

  static ApiException unknownLease() {
    return new ApiException(404, "unknown_lease", "no active lease has this relay endpoint; it ended");
  }

  RelayMetrics metrics() {
    return metrics;
  }

  UpgradeChecks checks() {
    return checks;
  }

  RelayRegistry registry() {
    return registry;
  }

  ConnectLeases connects() {
    return connects;
  }

  BrowserJson json() {
    return json;
  }

  int port() {
    return port;
  }
}
