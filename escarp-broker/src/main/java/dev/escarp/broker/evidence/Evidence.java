package dev.escarp.broker.evidence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.watch.BrowserWatch;
import dev.escarp.cdp.watch.ConsoleEntry;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseIdentity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Evidence at every lease end: while a lease lasts, a {@link BrowserWatch} on its browser keeps
 * the console messages and exceptions of its pages; when it ends, before the reset, a last
 * screenshot is taken and both are written under {@code $ESCARP_HOME/evidence/<lease_id>/}, the
 * newest {@code ESCARP_EVIDENCE_KEEP} leases kept (0: none, and no browser is watched). The
 * capture is bounded ({@link #CAPTURE_WAIT} per step), so a hung page delays the reset at most a
 * few seconds. Reads for the routes block on files: call them off the event loops.
 *
 * <p>When lazy (lease-scoped endpoints on), a lease's watch starts only after its holder first uses
 * its relayed endpoint ({@link #connected}): most short leases never drive the browser, and a watch
 * costs a connection, an attach per page and two enabled domains, on both sides, per hand-over.
 * It starts {@link #FIRST_USE_DELAY} after that first use, or at the lease's end if that comes
 * first, so its attach does not compete with the holder's own connect and first page. Chromium
 * replays what the pages logged before the attach ({@code Runtime.enable}, {@code Log.enable}). Supervised leases and WebDriver leases ({@link #watchNow}) are watched from the
 * start, as is every lease when not lazy (the browser's own URL is handed out). A lease never
 * watched still gets its record, with no console and no screenshot.
 */
public final class Evidence implements LeaseEndings.Watcher, AutoCloseable {

  /** The newest this many console entries are kept per lease. */
  static final int MAX_MESSAGES = 1000;

  /** How long after a relayed lease's first use its watch starts (unless the lease ends first). */
  public static final Duration FIRST_USE_DELAY = Duration.ofSeconds(1);

  /** The longest each capture step (console flush, screenshot) may take. */
  static final Duration CAPTURE_WAIT = Duration.ofSeconds(2);
  private static final System.Logger LOG = System.getLogger(Evidence.class.getName());

  private final EvidenceStore store;
  private final int keep;
  private final BrowserDirectory browsers;
  private final Clock clock;
  private final CdpConnector connector;
  private final Executor background;
  private final Map<String, CompletableFuture<BrowserWatch>> watches = new ConcurrentHashMap<>();
  private final boolean lazy;
  /** Leases granted but not watched yet (lazy): a first relayed connection starts their watch. */
  private final Map<String, Lease> unwatched = new ConcurrentHashMap<>();
  /** Leases first used, their watch due {@link #firstUseDelay} later (or at their end). */
  private final Map<String, Lease> due = new ConcurrentHashMap<>();
  private final Duration firstUseDelay;

  /**
   * @param dir where evidence goes ({@code $ESCARP_HOME/evidence}); {@code keep} 0 turns it off
   * @param background where watches are started (grants are told under the lease table's lock, which
   *     event loops take too, so not even a connect is begun there) and evidence is written
   */
  public Evidence(Path dir, int keep, BrowserDirectory browsers, Executor background, Clock clock) {
    this(dir, keep, false, browsers, background, clock);
  }

  /**
   * @param lazy watch a lease only from its first relayed connection (see the class comment); for
   *     a daemon whose leases are given lease-scoped endpoints
   */
  public Evidence(Path dir, int keep, boolean lazy, BrowserDirectory browsers, Executor background, Clock clock) {
    this(dir, keep, lazy, FIRST_USE_DELAY, browsers, background, clock);
  }

  /** @param firstUseDelay how long after a lazy lease's first use its watch starts */
  public Evidence(Path dir, int keep, boolean lazy, Duration firstUseDelay, BrowserDirectory browsers,
      Executor background, Clock clock) {
    if (keep < 0) {
      throw new IllegalArgumentException("ESCARP_EVIDENCE_KEEP must be >= 0, got " + keep);
    }
    this.store = new EvidenceStore(dir, keep);
    this.keep = keep;
    this.lazy = lazy;
    this.firstUseDelay = firstUseDelay;
    this.browsers = browsers;
    this.background = background;
    this.clock = clock;
    this.connector = keep == 0 ? null : new CdpConnector(CdpClientOptions.defaults(), "escarp-evidence");
  }

  /** {@code ESCARP_EVIDENCE_KEEP}: how many leases' evidence to keep (default 50; 0 disables). */
  public static int keepFromEnvironment(Map<String, String> env) {
    String value = env.getOrDefault("ESCARP_EVIDENCE_KEEP", "50").trim();
    try {
      int keep = Integer.parseInt(value);
      if (keep < 0 || keep > 100_000) {
        throw new NumberFormatException();
      }
      return keep;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ESCARP_EVIDENCE_KEEP must be a whole number in 0..100000, got '" + value + "'");
    }
  }

  public boolean enabled() {
    return keep > 0;
  }

  @Override
  public void granted(Lease lease) {
    if (!enabled()) {
      return;
    }
    if (lazy && lease.identity().tier() != LeaseIdentity.Tier.SUPERVISED) {
      unwatched.put(lease.leaseId(), lease);
      return;
    }
    watch(lease);
  }

  /**
   * The lease's holder opened its relayed endpoint: its watch starts {@link #firstUseDelay} later
   * if it has not started. Called on event loops: schedules the start on the background executor
   * and returns.
   */
  public synchronized void connected(Lease lease) {
    Lease waiting = unwatched.remove(lease.leaseId());
    if (waiting == null) {
      return;
    }
    if (firstUseDelay.isZero()) {
      watch(waiting);
      return;
    }
    due.put(waiting.leaseId(), waiting);
    CompletableFuture.delayedExecutor(firstUseDelay.toMillis(), TimeUnit.MILLISECONDS, background)
        .execute(() -> startDue(waiting.leaseId()));
  }

  private synchronized void startDue(String leaseId) {
    Lease lease = due.remove(leaseId);
    if (lease != null) {
      watch(lease);
    }
  }

  /** The lease is driven by something escarp does not relay (its chromedriver): watch it now. */
  public synchronized void watchNow(Lease lease) {
    Lease waiting = unwatched.remove(lease.leaseId());
    if (waiting == null) {
      waiting = due.remove(lease.leaseId());
    }
    if (waiting != null) {
      watch(waiting);
    }
  }

  /** Whether the lease's browser is watched (started or starting). */
  boolean watching(String leaseId) {
    return watches.containsKey(leaseId);
  }

  private void watch(Lease lease) {
    Optional<String> url = browsers.webSocketUrl(lease.slot().index());
    if (url.isEmpty()) {
      return;
    }
    // A remote browser is reached with its token, as the relay and the resetter reach it.
    URI browser = lease.slot().remote().map(r -> r.browserConnectUrl(URI.create(url.get())))
        .orElse(URI.create(url.get()));
    Map<String, String> headers = lease.slot().remote().map(r -> r.headers()).orElse(Map.of());
    watches.put(lease.leaseId(), CompletableFuture.supplyAsync(() -> browser, background)
        .thenComposeAsync(u -> BrowserWatch.start(connector, u, headers, MAX_MESSAGES, clock), background));
  }

  @Override
  public synchronized void forgotten(Lease lease) {
    unwatched.remove(lease.leaseId());
    due.remove(lease.leaseId());
    CompletableFuture<BrowserWatch> watch = watches.remove(lease.leaseId());
    if (watch != null) {
      watch.thenAccept(BrowserWatch::close);
    }
  }

  @Override
  public void beforeReset(LeaseEndings.Ended ended) {
    CompletableFuture<BrowserWatch> pending;
    boolean recordAnyway; // a lease whose watch never started still gets its record
    synchronized (this) { // against a first connection starting the watch meanwhile
      recordAnyway = unwatched.remove(ended.lease().leaseId()) != null;
      Lease late = due.remove(ended.lease().leaseId());
      if (late != null) {
        watch(late); // used, but ended before its watch was due: it starts now, for the capture
        recordAnyway = true;
      }
      pending = watches.remove(ended.lease().leaseId());
    }
    if (!enabled() || (pending == null && !recordAnyway)) {
      return;
    }
    if (pending == null) {
      keep(ended, List.of(), Optional.empty()); // nothing was watched
      return;
    }
    Optional<BrowserWatch> watch = Optional.empty();
    try {
      watch = Optional.of(pending.get(CAPTURE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "no console watch for the lease on slot " + ended.lease().slot().index()
          + ": " + e.getMessage());
      pending.thenAccept(BrowserWatch::close);
    }
    List<ObjectNode> console = watch.map(w -> w.console(CAPTURE_WAIT)).orElse(List.of()).stream()
        .map(Evidence::entry).toList();
    Optional<byte[]> png = Optional.empty();
    if (watch.isPresent()) {
      try {
        png = watch.get().screenshot(CAPTURE_WAIT);
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "no screenshot of slot " + ended.lease().slot().index() + ": " + e);
      } finally {
        watch.get().close();
      }
    }
    keep(ended, console, png);
  }

  /** Written behind: the reset waits on the capture only, never on the disk. */
  private void keep(LeaseEndings.Ended ended, List<ObjectNode> console, Optional<byte[]> shot) {
    ObjectNode record = record(ended, console, shot.isPresent());
    background.execute(() -> {
      try {
        store.save(ended.lease().leaseId(), record, shot);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not keep the evidence of the lease on slot "
            + ended.lease().slot().index() + ": " + e.getMessage());
      }
    });
  }

  private static ObjectNode entry(ConsoleEntry e) {
    ObjectNode n = JsonTrees.object().put("source", e.source()).put("level", e.level()).put("text", e.text());
    e.url().ifPresent(u -> n.put("url", u));
    n.set("at", JsonTrees.epochSeconds(e.at()));
    return n;
  }

  private static ObjectNode record(LeaseEndings.Ended ended, List<ObjectNode> console, boolean screenshot) {
    Lease lease = ended.lease();
    ObjectNode r = summary(JsonTrees.object(), lease, ended);
    r.put("tier", lease.identity().tier().wireName());
    r.put("profile", lease.identity().profile().orElse(null));
    r.set("acquired_at", JsonTrees.epochSeconds(lease.acquiredAt()));
    ArrayNode messages = r.putArray("console");
    console.forEach(messages::add);
    r.put("screenshot", screenshot ? "/evidence/" + lease.leaseId() + "/" + EvidenceStore.SCREENSHOT : null);
    return r;
  }

  private static ObjectNode summary(ObjectNode r, Lease lease, LeaseEndings.Ended ended) {
    r.put("lease_id", lease.leaseId());
    r.put("slot", lease.slot().index());
    r.put("holder", lease.holder());
    r.set("ended_at", JsonTrees.epochSeconds(ended.at()));
    r.put("reason", ended.reason().name().toLowerCase(Locale.ROOT));
    return r;
  }

  /** {@code {"evidence": [{lease_id, slot, holder, ended_at, reason}]}}, newest first. Blocking. */
  public ObjectNode list() throws IOException {
    ObjectNode body = JsonTrees.object();
    ArrayNode rows = body.putArray("evidence");
    for (ObjectNode r : store.records()) {
      ObjectNode row = rows.addObject();
      for (String field : List.of("lease_id", "slot", "holder", "ended_at", "reason")) {
        row.set(field, r.get(field));
      }
    }
    return body;
  }

  /** One lease's record, console and screenshot link included. Blocking. */
  public Optional<ObjectNode> find(String leaseId) throws IOException {
    return store.record(leaseId);
  }

  /** One lease's last screenshot (PNG). Blocking. */
  public Optional<byte[]> screenshot(String leaseId) throws IOException {
    return store.screenshot(leaseId);
  }

  @Override
  public void close() {
    watches.values().forEach(w -> w.thenAccept(BrowserWatch::close));
    watches.clear();
    unwatched.clear();
    if (connector != null) {
      connector.close();
    }
  }
}
