package dev.escarp.broker.metrics;

import dev.escarp.cdp.reset.ResetCounts;
import dev.escarp.core.lease.JournalStatus;
import dev.escarp.core.lease.TableStats;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The daemon's counters, rendered in Prometheus' text format by {@code GET /metrics}. Counting
 * is lock-free (it runs on every request); rendering reads a consistent-enough picture.
 */
public final class BrokerMetrics {

  private static final double[] BUCKETS_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5};

  private final Map<String, LongAdder> acquires = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final RelayMetrics relay = new RelayMetrics();
  private final BackendMetrics backends = new BackendMetrics();

  /** Per backend ({@code local}, {@code remote}): slots, grants, probes. */
  public BackendMetrics backends() {
    return backends;
  }

  private final Supplier<ResetCounts> resetPaths;
  private final IntSupplier liveCaptures;

  public BrokerMetrics() {
    this(() -> new ResetCounts(0, 0, 0), () -> 0);
  }

  /**
   * With the resetter's counts of which reset path ran ({@code escarp_reset_paths_total}) and the
   * console's live captures running now ({@code escarp_console_live_captures}).
   */
  public BrokerMetrics(Supplier<ResetCounts> resetPaths, IntSupplier liveCaptures) {
    this.resetPaths = resetPaths;
    this.liveCaptures = liveCaptures;
  }

  public RelayMetrics relay() {
    return relay;
  }

  /** An acquire's outcome: granted, pool_exhausted, slot_leased, unknown_slot, journal_unwritable. */
  public void acquired(String outcome) {
    acquires.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  public void requestServed(String route, int status, long nanos) {
    requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder()).increment();
    latency.computeIfAbsent(route, k -> new Histogram()).observe(nanos / 1e9);
  }

  public String render(TableStats stats, JournalStatus journal, int orphanBrowsers) {
    StringBuilder out = new StringBuilder(2048);
    gauge(out, "escarp_slots", "Slots in the pool.", stats.slots());
    gauge(out, "escarp_leases", "Active leases.", stats.leased());
    gauge(out, "escarp_waiters", "Acquires waiting for a free slot.", stats.waiting());
    gauge(out, "escarp_orphan_browsers", "Browsers with escarp's profile signature that belong to no slot.", orphanBrowsers);
    gauge(out, "escarp_console_live_captures", "Slots whose screen the console is capturing for a live view now.",
        liveCaptures.getAsInt());
    gauge(out, "escarp_journal_writable", "1 while the lease journal is written, 0 while writes fail.",
        journal.writable() ? 1 : 0);
    counterHeader(out, "escarp_journal_write_failures_total", "Failed writes of the lease journal.");
    out.append("escarp_journal_write_failures_total ").append(journal.failures()).append('\n');
    counterHeader(out, "escarp_expiries_total", "Leases reclaimed because they expired.");
    out.append("escarp_expiries_total ").append(stats.expiredTotal()).append('\n');
    counterHeader(out, "escarp_resets_total", "Browser resets between holders, by outcome.");
    out.append("escarp_resets_total{outcome=\"ok\"} ").append(stats.resetsSucceeded()).append('\n');
    out.append("escarp_resets_total{outcome=\"failed\"} ").append(stats.resetsFailed()).append('\n');
    ResetCounts paths = resetPaths.get();
    counterHeader(out, "escarp_reset_paths_total",
        "Resets by path: reused (the kept tab), full (a new tab), fell_back (full after the reused path was refused).");
    out.append("escarp_reset_paths_total{path=\"reused\"} ").append(paths.reused()).append('\n');
    out.append("escarp_reset_paths_total{path=\"full\"} ").append(paths.full()).append('\n');
    out.append("escarp_reset_paths_total{path=\"fell_back\"} ").append(paths.fellBack()).append('\n');
    out.append("escarp_reset_paths_total{path=\"untouched\"} ").append(paths.untouched()).append('\n');
    counterHeader(out, "escarp_acquires_total", "Acquire requests, by outcome.");
    new TreeMap<>(acquires).forEach((outcome, n) ->
        out.append("escarp_acquires_total{outcome=\"").append(outcome).append("\"} ").append(n.sum()).append('\n'));
    counterHeader(out, "escarp_http_requests_total", "HTTP requests, by route and status.");
    new TreeMap<>(requests).forEach((key, n) -> {
      String[] parts = key.split("\u0000");
      out.append("escarp_http_requests_total{route=\"").append(parts[0]).append("\",status=\"")
          .append(parts[1]).append("\"} ").append(n.sum()).append('\n');
    });
    out.append("# HELP escarp_http_request_seconds Time from request to response, by route.\n");
    out.append("# TYPE escarp_http_request_seconds histogram\n");
    new TreeMap<>(latency).forEach((route, h) -> h.render(out, route));
    relay.render(out);
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void counterHeader(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
  }

  private static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[BUCKETS_SECONDS.length];
    private final LongAdder count = new LongAdder();
    private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
        if (seconds <= BUCKETS_SECONDS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(seconds);
    }

    void render(StringBuilder out, String route) {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
        cumulative += buckets[i].sum();
        out.append("escarp_http_request_seconds_bucket{route=\"").append(route).append("\",le=\"")
            .append(String.format(Locale.ROOT, "%s", BUCKETS_SECONDS[i])).append("\"} ").append(cumulative).append('\n');
      }
      long total = count.sum();
      out.append("escarp_http_request_seconds_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ").append(total).append('\n');
      out.append("escarp_http_request_seconds_sum{route=\"").append(route).append("\"} ")
          .append(String.format(Locale.ROOT, "%.6f", sum.sum())).append('\n');
      out.append("escarp_http_request_seconds_count{route=\"").append(route).append("\"} ").append(total).append('\n');
    }
  }
}
