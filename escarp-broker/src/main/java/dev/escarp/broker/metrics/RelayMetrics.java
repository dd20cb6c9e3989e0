package dev.escarp.broker.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The CDP relay's counters: connections, frames and bytes per direction, revocations. Lock-free. */
public final class RelayMetrics {

  private final LongAdder opened = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder framesToBrowser = new LongAdder();
  private final LongAdder framesToClient = new LongAdder();
  private final LongAdder bytesToBrowser = new LongAdder();
  private final LongAdder bytesToClient = new LongAdder();
  private final LongAdder pausedReads = new LongAdder();
  private static final double[] REVOCATION_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5};
  private final LongAdder[] revocationBuckets = new LongAdder[REVOCATION_BUCKETS.length];
  private final LongAdder revocationCount = new LongAdder();

  public RelayMetrics() {
    for (int i = 0; i < revocationBuckets.length; i++) {
      revocationBuckets[i] = new LongAdder();
    }
  }

  /** From the lease's end to its connection's close frame written (or its socket closed). */
  public void revocationTook(long nanos) {
    double seconds = nanos / 1e9;
    for (int i = 0; i < REVOCATION_BUCKETS.length; i++) {
      if (seconds <= REVOCATION_BUCKETS[i]) {
        revocationBuckets[i].increment();
      }
    }
    revocationCount.increment();
  }
  private final Map<String, LongAdder> revocations = new ConcurrentHashMap<>();

  public void connectionOpened() {
    opened.increment();
  }

  public void connectionClosed() {
    closed.increment();
  }

  public void relayed(boolean fromBrowser, int frames, int bytes) {
    if (fromBrowser) {
      framesToClient.add(frames);
      bytesToClient.add(bytes);
    } else {
      framesToBrowser.add(frames);
      bytesToBrowser.add(bytes);
    }
  }

  /** A lease ended with {@code connections} relayed connections open; each was closed. */
  public void revoked(String reason, int connections) {
    revocations.computeIfAbsent(reason, k -> new LongAdder()).add(connections);
  }

  /** One side of a relayed connection stopped reading because the other could not take more. */
  public void pausedReads() {
    pausedReads.increment();
  }

  public long openConnections() {
    return opened.sum() - closed.sum();
  }

  public long bytesToClient() {
    return bytesToClient.sum();
  }

  void render(StringBuilder out) {
    out.append("# HELP escarp_relay_connections Relayed CDP WebSocket connections open now.\n")
        .append("# TYPE escarp_relay_connections gauge\n")
        .append("escarp_relay_connections ").append(openConnections()).append('\n');
    counter(out, "escarp_relay_connections_total", "Relayed CDP WebSocket connections opened.", opened.sum());
    out.append("# HELP escarp_relay_frames_total WebSocket frames relayed, by direction.\n")
        .append("# TYPE escarp_relay_frames_total counter\n")
        .append("escarp_relay_frames_total{direction=\"to_browser\"} ").append(framesToBrowser.sum()).append('\n')
        .append("escarp_relay_frames_total{direction=\"to_client\"} ").append(framesToClient.sum()).append('\n');
    out.append("# HELP escarp_relay_bytes_total Bytes relayed, by direction.\n")
        .append("# TYPE escarp_relay_bytes_total counter\n")
        .append("escarp_relay_bytes_total{direction=\"to_browser\"} ").append(bytesToBrowser.sum()).append('\n')
        .append("escarp_relay_bytes_total{direction=\"to_client\"} ").append(bytesToClient.sum()).append('\n');
    counter(out, "escarp_relay_paused_reads_total",
        "Times a relayed connection stopped reading because its other side was slow (backpressure).", pausedReads.sum());
    out.append("# HELP escarp_relay_revocation_seconds From a lease's end to its relayed connection closed.\n")
        .append("# TYPE escarp_relay_revocation_seconds histogram\n");
    for (int i = 0; i < REVOCATION_BUCKETS.length; i++) {
      out.append("escarp_relay_revocation_seconds_bucket{le=\"").append(REVOCATION_BUCKETS[i]).append("\"} ")
          .append(revocationBuckets[i].sum()).append('\n');
    }
    out.append("escarp_relay_revocation_seconds_bucket{le=\"+Inf\"} ").append(revocationCount.sum()).append('\n')
        .append("escarp_relay_revocation_seconds_count ").append(revocationCount.sum()).append('\n');
    out.append("# HELP escarp_relay_revocations_total Relayed connections closed because their lease ended, by how it ended.\n")
        .append("# TYPE escarp_relay_revocations_total counter\n");
    new TreeMap<>(revocations).forEach((reason, n) ->
        out.append("escarp_relay_revocations_total{reason=\"").append(reason).append("\"} ").append(n.sum()).append('\n'));
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" counter\n")
        .append(name).append(' ').append(value).append('\n');
  }
}
