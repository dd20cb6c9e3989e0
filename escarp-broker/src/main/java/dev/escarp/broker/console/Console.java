package dev.escarp.broker.console;

import dev.escarp.core.slot.RemoteBrowser;
import java.util.function.IntFunction;

import dev.escarp.broker.filters.ApiFilters;
import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.filters.ConsoleCookie;
import dev.escarp.broker.filters.UpgradeChecks;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.StreamingMount;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.broker.routes.SlotRecords;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.time.Scheduler;
import io.netty.channel.ChannelHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The daemon's web console, served on the API's port: the page ({@code GET /}, its script and
 * style, from the jar), the pool pushed as server-sent events ({@code GET /events}), live views
 * of the slots' pages (WebSocket {@code /console/live/<slot>}), take control and hand back
 * ({@code POST /console/take}, {@code /console/handback}) and the token login ({@code POST
 * /console/login}). Everything obeys the API's rules; see {@link ApiFilters#console}.
 *
 * <p>Nothing runs until someone watches: the feed renders only for open streams, and a slot's
 * screencast runs only while it has a viewer.
 */
public final class Console implements AutoCloseable {

  /** The live view's frame-rate cap per slot. */
  public static final int MAX_FPS = 25;

  private final PoolFeed feed;
  private final LiveViews views;
  private final Controls controls;
  private final CdpConnector connector;
  private final Runnable unsubscribe;
  private final UpgradeChecks checks;
  private final Optional<ConsoleCookie> cookie;
  private final LeaseTable table;
  /** Who may call; the console logs in with the operator's token ({@code ESCARP_API_TOKEN}). */
  private final Callers callers;

  public Console(LeaseTable table, SlotRecords records, BrowserDirectory browsers, Controllers controllers,
      TrafficHold traffic, Executor blocking, Scheduler scheduler, Callers callers) {
    this.table = table;
    this.callers = callers;
    this.feed = new PoolFeed(table, records, blocking, scheduler);
    this.connector = new CdpConnector(CdpClientOptions.defaults(), "escarp-live");
    // A remote slot's browser is reached with its token, as the relay and the resetter reach it.
    IntFunction<Optional<RemoteBrowser>> remotes = index -> table.snapshot().slots().stream()
        .filter(s -> s.index() == index).findFirst().flatMap(s -> s.slot().remote());
    this.views = new LiveViews(browsers, remotes, connector, scheduler, MAX_FPS, blocking);
    this.controls = new Controls(table, views, traffic, controllers, blocking, scheduler);
    this.checks = new UpgradeChecks(callers);
    this.cookie = callers.apiToken().map(ConsoleCookie::new);
    this.unsubscribe = table.onChange(feed::changed);
    controllers.onChange(feed::changed);
  }

  /** The console's HTTP routes, each behind the console's checks. */
  public List<StreamingMount> mounts() {
    Filter open = ApiFilters.consolePublic();
    Filter guarded = ApiFilters.console(callers);
    return List.of(
        new StreamingMount("/", open, ConsoleAssets.of("index.html", "text/html; charset=utf-8")),
        new StreamingMount("/console/app.js", open, ConsoleAssets.of("app.js", "text/javascript; charset=utf-8")),
        new StreamingMount("/console/app.css", open, ConsoleAssets.of("app.css", "text/css; charset=utf-8")),
        new StreamingMount("/console/login", open, new LoginRoute(callers.apiToken())),
        new StreamingMount("/events", guarded, feed),
        new StreamingMount("/console/take", guarded, new ControlRoute(controls, true)),
        new StreamingMount("/console/handback", guarded, new ControlRoute(controls, false)));
  }

  /** A new handler per connection that takes over live-view WebSocket upgrades. */
  public ChannelHandler liveSocket() {
    return new LiveSocket(checks, cookie, slot -> table.snapshot().slot(slot).isPresent(), views, controls);
  }

  /** Slots whose page is being captured now: zero when nobody watches. */
  public int capturing() {
    return views.capturing();
  }

  /** Frames slow viewers skipped since start (each replaced, unsent, by a newer one). */
  public long framesDropped() {
    return views.framesDropped();
  }

  @Override
  public void close() {
    unsubscribe.run();
    controls.close();
    views.close();
    feed.close();
    connector.close();
  }
}
