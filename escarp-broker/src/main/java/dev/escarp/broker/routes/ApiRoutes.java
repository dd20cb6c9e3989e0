package dev.escarp.broker.routes;

import dev.escarp.broker.clients.Callers;
import dev.escarp.broker.filters.ApiFilters;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.http.Router;
import dev.escarp.broker.metrics.BrokerMetrics;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.broker.webdriver.WebDriverLeases;
import dev.escarp.broker.pool.HealthSweep;
import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.core.lease.LeaseTable;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The daemon's HTTP API in one place: every route at its method and path, behind the filters. */
public final class ApiRoutes {

  private ApiRoutes() {
  }

  /**
   * What every route is built from. {@code blocking} runs what may wait (acquire, release, holds,
   * pool changes); {@code callers} says who may call and what each client may hold;
   * {@code profiles} serves the auth-profile routes and acquires with a {@code profile}.
   */
  public record Parts(LeaseTable table, BrowserDirectory browsers, SlotRecords records, HealthSweep sweep,
      BrokerMetrics metrics, Executor blocking, Callers callers, AuthProfiles profiles) {}

  /**
   * The whole API as one route. {@code relay}, when given, answers the lease-scoped discovery
   * routes under {@code /cdp/} and {@code /connect/}; {@code humans}, when given, adds the routes
   * of humans in the loop (supervised acquires, {@code /approve}, {@code /reject} and the evidence
   * routes); WebDriver leases ({@code "webdriver": true} on acquire) are served by {@code webdrivers}.
   */
  public static Route api(Parts parts, Optional<Route> relay, Optional<HumanLoop> humans, WebDriverLeases webdrivers) {
    LeaseTable table = parts.table();
    BrowserDirectory browsers = parts.browsers();
    SlotRecords records = parts.records();
    BrokerMetrics metrics = parts.metrics();
    Executor blocking = parts.blocking();
    Callers callers = parts.callers();
    AuthProfiles profiles = parts.profiles();
    Optional<SupervisedAcquire> supervised = humans.map(h -> new SupervisedAcquire(table,
        new ProfileAcquire(table, profiles, blocking, lease -> h.endings().finished(lease.leaseId())),
        h.approvals(), h.scheduler(), blocking));
    Router router = new Router()
        .add("GET", "/status", new StatusRoute(table, records, blocking, callers))
        .add("POST", "/acquire", new AcquireRoute(table, records, metrics, blocking,
            new ProfileAcquire(table, profiles, blocking), callers, supervised, webdrivers))
        .add("POST", "/heartbeat", new HeartbeatRoute(table, records))
        .add("POST", "/release", new ReleaseRoute(table, records, blocking, profiles))
        .add("POST", "/hold", new HoldRoute(table, records, blocking))
        .add("GET", "/reaped", new ReapedRoute(table))
        .add("POST", "/pool/add", new PoolAddRoute(table, browsers, records, blocking))
        .add("POST", "/pool/remove", new PoolRemoveRoute(table, browsers, blocking))
        .add("GET", "/metrics", new MetricsRoute(table, metrics, parts.sweep(), browsers))
        .add("GET", "/healthz", new HealthzRoute(table));
    router.add("GET", "/profiles", new ProfilesRoute(profiles, blocking))
        .addPrefix(ProfileRoute.PREFIX, new ProfileRoute(profiles, blocking));
    humans.ifPresent(h -> router
        .add("POST", "/approve", ApprovalRoute.approve(table, records, h.approvals()))
        .add("POST", "/reject", ApprovalRoute.reject(table, records, h.approvals()))
        .add("GET", "/evidence", new EvidenceRoute(h.evidence(), blocking))
        .addPrefix(EvidenceRoute.PREFIX, new EvidenceRoute(h.evidence(), blocking)));
    relay.ifPresent(r -> router.addPrefix("/cdp/", r).addPrefix("/connect/", r)
        .add("GET", "/json/version", new NotABrowserRoute())
        .add("GET", "/json/list", new NotABrowserRoute()));
    return ApiFilters.around(router, metrics, callers);
  }
}
