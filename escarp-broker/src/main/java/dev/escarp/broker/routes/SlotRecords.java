package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.PoolSnapshot;
import dev.escarp.core.lease.SlotSnapshot;
import dev.escarp.core.lease.SlotState;
import dev.escarp.core.wire.SlotRecordValues;
import dev.escarp.core.wire.SlotRecordWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import dev.escarp.broker.webdriver.WebDriverLeases;

/**
 * The daemon's slots and leases in the wire contract's record forms: what the lease table and the
 * browser directory know, written by core's {@link SlotRecordWriter} (the public record never
 * carries a token; the lease record is for the holder only).
 */
public final class SlotRecords {

  private final BrowserDirectory browsers;
  private final SlotRecordWriter writer;
  private final Duration reclaimDelay;
  private final LeaseEndpoints endpoints;
  /** A lease's {@code approval} by lease id ({@code "pending"} while a human has not decided). */
  private final Function<String, Optional<String>> approvals;
  private final Function<Lease, Optional<WebDriverLeases.Running>> webdrivers;
  private final IntFunction<Optional<String>> controlledBy;

  public SlotRecords(BrowserDirectory browsers, SlotRecordWriter writer, Duration reclaimDelay) {
    this(browsers, writer, reclaimDelay, LeaseEndpoints.direct(browsers));
  }

  public SlotRecords(BrowserDirectory browsers, SlotRecordWriter writer, Duration reclaimDelay,
      LeaseEndpoints endpoints) {
    this(browsers, writer, reclaimDelay, endpoints, id -> Optional.empty(), lease -> Optional.empty(),
        slot -> Optional.empty());
  }

  /**
   * @param approvals a lease's {@code approval} by lease id; memory only (records render on event loops)
   * @param webdrivers a lease's chromedriver, for {@code webdriver_url} in its record
   * @param controlledBy who drives a slot's page from the console, for {@code controlled_by}
   */
  public SlotRecords(BrowserDirectory browsers, SlotRecordWriter writer, Duration reclaimDelay,
      LeaseEndpoints endpoints, Function<String, Optional<String>> approvals,
      Function<Lease, Optional<WebDriverLeases.Running>> webdrivers, IntFunction<Optional<String>> controlledBy) {
    this.approvals = approvals;
    this.webdrivers = webdrivers;
    this.controlledBy = controlledBy;
    this.browsers = browsers;
    this.writer = writer;
    this.reclaimDelay = reclaimDelay;
    this.endpoints = endpoints;
  }

  public ObjectNode publicRecord(SlotSnapshot s) {
    int index = s.slot().index();
    Optional<BrowserDirectory.LeaseNews> news = s.state() == SlotState.LEASED
        ? browsers.leaseNews(index, s.acquiredAt()) : Optional.empty();
    Optional<String> browserUrl = endpoints.hidesBrowserUrl() ? Optional.empty() : browsers.webSocketUrl(index);
    ObjectNode record = withRestarts(writer.publicRecord(SlotRecordValues.of(s.slot(), s.state())
        .browser(browserUrl, browsers.browserPid(index))
        .holder(s.holder(), s.holderPid())
        .devPort(s.devPort())
        .times(s.acquiredAt(), s.expiresAt(), s.lastHeartbeat())
        .suspectedStale(s.suspectedStale())
        .availableAfter(OptionalDouble.of(s.availableAfterSeconds()))
        .problem(s.problem().or(() -> news.map(BrowserDirectory.LeaseNews::problem)))
        .identity(s.identity())
        .leaseId(s.leaseId())
        .build()), news);
    withApproval(record, s.leaseId());
    return withControl(withLastActivity(record, s.lastHeartbeat(), index), index);
  }

  /** {@code controlled_by}: the human driving the slot's page from the console, else null. */
  private ObjectNode withControl(ObjectNode record, int slot) {
    return record.put("controlled_by", controlledBy.apply(slot).orElse(null));
  }

  /** {@code last_activity}: the later of the last heartbeat and the last relayed CDP frame. */
  private ObjectNode withLastActivity(ObjectNode record, Optional<Instant> lastHeartbeat, int slot) {
    OptionalDouble frame = endpoints.lastFrame(slot);
    OptionalDouble beat = lastHeartbeat.map(t -> OptionalDouble.of(t.toEpochMilli() / 1000.0))
        .orElse(OptionalDouble.empty());
    if (beat.isEmpty() && frame.isEmpty()) {
      return record.putNull("last_activity");
    }
    return record.put("last_activity", Math.max(beat.orElse(0), frame.orElse(0)));
  }

  /** {@code browser_restarts}: how often the slot's browser was relaunched under the current lease. */
  private static ObjectNode withRestarts(ObjectNode record, Optional<BrowserDirectory.LeaseNews> news) {
    return record.put("browser_restarts", news.map(BrowserDirectory.LeaseNews::restarts).orElse(0));
  }

  public ArrayNode publicRecords(PoolSnapshot snapshot) {
    ArrayNode slots = JsonTrees.array();
    snapshot.slots().forEach(s -> slots.add(publicRecord(s)));
    return slots;
  }

  /** The holder's record: the slot as leased, with the token. */
  public ObjectNode leaseRecord(Lease lease, Instant now) {
    int index = lease.slot().index();
    Optional<BrowserDirectory.LeaseNews> news = browsers.leaseNews(index, Optional.of(lease.acquiredAt()));
    double left = Math.max(0, Duration.between(now, lease.expiresAt()).toNanos() / 1e9);
    SlotRecordValues values = SlotRecordValues.of(lease.slot(), SlotState.LEASED)
        .browser(browsers.webSocketUrl(index), browsers.browserPid(index))
        .holder(Optional.of(lease.holder()), OptionalLong.empty())
        .devPort(lease.devPort())
        .times(Optional.of(lease.acquiredAt()), Optional.of(lease.expiresAt()), Optional.of(lease.lastHeartbeat()))
        .availableAfter(OptionalDouble.of(left + reclaimDelay.toNanos() / 1e9))
        .problem(news.map(BrowserDirectory.LeaseNews::problem))
        .identity(Optional.of(lease.identity()))
        .leaseId(Optional.of(lease.leaseId()))
        .build();
    ObjectNode record = withRestarts(writer.leaseRecord(values, lease.token()), news);
    LeaseEndpoints.Urls urls = endpoints.forLease(lease);
    record.put("cdp_ws_url", urls.webSocket().orElse(null));
    record.put("cdp_http_url", urls.http().orElse(null));
    withApproval(record, Optional.of(lease.leaseId()));
    // WebDriver leases: the lease's own chromedriver, and the address its sessions attach to.
    Optional<WebDriverLeases.Running> driver = webdrivers.apply(lease);
    record.put("webdriver_url", driver.map(WebDriverLeases.Running::url).orElse(null));
    record.put("webdriver_debugger_address", driver.map(WebDriverLeases.Running::debuggerAddress).orElse(null));
    return withControl(withLastActivity(record, Optional.of(lease.lastHeartbeat()), index), index);
  }

  /** {@code approval}: {@code "pending"} while a supervised lease waits for a human, else null. */
  private void withApproval(ObjectNode record, Optional<String> leaseId) {
    record.put("approval", leaseId.flatMap(approvals).orElse(null));
  }
}
