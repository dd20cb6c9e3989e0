package dev.escarp.mcp.tools.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.lease.AcquireOutcome;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.LeaseBackend;
import dev.escarp.mcp.lease.PoolView;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.lease.ReleaseReport;
import dev.escarp.mcp.lease.StatusOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend that grants slot after slot (or refuses, when told to), and leases tests steer by hand. */
public final class FakeBackend implements LeaseBackend {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<Duration> heartbeatInterval;
  private final List<Lease> granted = new ArrayList<>();
  private Optional<Refusal> refuseWith = Optional.empty();

  public FakeBackend(Optional<Duration> heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  public void refuseWith(Refusal refusal) {
    refuseWith = Optional.of(refusal);
  }

  public synchronized List<Lease> granted() {
    return List.copyOf(granted);
  }

  @Override
  public String mode() {
    return "fake";
  }

  @Override
  public StatusOutcome status() {
    return new StatusOutcome.Seen(new PoolView(0, OptionalDouble.empty(), List.of()));
  }

  @Override
  public synchronized AcquireOutcome acquire(AcquireRequest request) {
    if (refuseWith.isPresent()) {
      return new AcquireOutcome.Refused(refuseWith.get());
    }
    Lease lease = new Lease(granted.size(), heartbeatInterval);
    granted.add(lease);
    return new AcquireOutcome.Granted(lease);
  }

  @Override
  public void close() {}

  /** A lease whose next heartbeat outcome and end the test decides. */
  public static final class Lease implements HeldLease {

    private final int slot;
    private final Optional<Duration> interval;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();
    private volatile HeartbeatOutcome nextBeat = new HeartbeatOutcome.Renewed();

    Lease(int slot, Optional<Duration> interval) {
      this.slot = slot;
      this.interval = interval;
    }

    public void answerHeartbeatsWith(HeartbeatOutcome outcome) {
      nextBeat = outcome;
    }

    public void endElsewhere(String reason) {
      ended.complete(reason);
    }

    public int heartbeats() {
      return heartbeats.get();
    }

    public int releases() {
      return releases.get();
    }

    @Override
    public int slot() {
      return slot;
    }

    @Override
    public ObjectNode record() {
      ObjectNode n = JSON.createObjectNode().put("slot", slot).put("cdp_port", 9000 + slot);
      n.putObject("dev_ports").put("frontend", 3000).put("backend", 8000).put("postgres", 5432);
      return n;
    }

    @Override
    public Optional<Duration> heartbeatInterval() {
      return interval;
    }

    @Override
    public HeartbeatOutcome heartbeat() {
      heartbeats.incrementAndGet();
      return nextBeat;
    }

    @Override
    public CompletableFuture<String> endedElsewhere() {
      return ended;
    }

    @Override
    public ReleaseReport release() {
      releases.incrementAndGet();
      return new ReleaseReport(slot, true, "reset by the fake", false, Optional.of("free"));
    }
  }
}
