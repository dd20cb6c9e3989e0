package dev.escarp.broker.metrics;

import dev.escarp.core.lease.PoolSnapshot;
import dev.escarp.core.lease.SlotState;
import dev.escarp.core.slot.Slot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Metrics per backend ({@code local}, {@code remote}): slots by state, leases granted, and health
 * probes by outcome. Counting is lock-free.
 */
public final class BackendMetrics {

  private static final List<String> BACKENDS = List.of(Slot.LOCAL, Slot.REMOTE);

  /** Health probes of one backend's browsers: how many, and how many found nothing. */
  public record ProbeCounts(long total, long failed) {}

  private final Map<String, LongAdder> granted = new ConcurrentHashMap<>();

  /** A lease was granted on a slot of this backend. */
  public void granted(String backend) {
    granted.computeIfAbsent(backend, k -> new LongAdder()).increment();
  }

  public String render(PoolSnapshot snapshot, Map<String, ProbeCounts> probes) {
    StringBuilder out = new StringBuilder(1024);
    out.append("# HELP escarp_backend_slots Slots by backend and state.\n");
    out.append("# TYPE escarp_backend_slots gauge\n");
    for (String backend : BACKENDS) {
      for (SlotState state : SlotState.values()) {
        long n = snapshot.slots().stream()
            .filter(s -> s.slot().backend().equals(backend) && s.state() == state).count();
        out.append("escarp_backend_slots{backend=\"").append(backend).append("\",state=\"")
            .append(state.wireName()).append("\"} ").append(n).append('\n');
      }
    }
    out.append("# HELP escarp_backend_leases_granted_total Leases granted through /acquire, by backend.\n");
    out.append("# TYPE escarp_backend_leases_granted_total counter\n");
    for (String backend : BACKENDS) {
      LongAdder n = granted.get(backend);
      out.append("escarp_backend_leases_granted_total{backend=\"").append(backend).append("\"} ")
          .append(n == null ? 0 : n.sum()).append('\n');
    }
    out.append("# HELP escarp_backend_probes_total Health and readiness probes of browsers, by backend and outcome.\n");
    out.append("# TYPE escarp_backend_probes_total counter\n");
    Map<String, ProbeCounts> sorted = new TreeMap<>(probes);
    for (String backend : BACKENDS) {
      ProbeCounts c = sorted.getOrDefault(backend, new ProbeCounts(0, 0));
      out.append("escarp_backend_probes_total{backend=\"").append(backend).append("\",outcome=\"answered\"} ")
          .append(c.total() - c.failed()).append('\n');
      out.append("escarp_backend_probes_total{backend=\"").append(backend).append("\",outcome=\"failed\"} ")
          .append(c.failed()).append('\n');
    }
    return out.toString();
  }
}
