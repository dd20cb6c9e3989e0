package dev.escarp.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21: per-client lease and wait limits, a cap on all waiters, and priorities among waiters. */
class AdmissionLimitsTest {

  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private LeaseTable table;

  /** Limits: client "a" holds at most one lease and has at most one acquire waiting. */
  private static final class Limits implements AdmissionLimits {
    private final Map<String, Integer> leases;
    private final Map<String, Integer> waiting;
    private final OptionalInt total;

    Limits(Map<String, Integer> leases, Map<String, Integer> waiting, OptionalInt total) {
      this.leases = leases;
      this.waiting = waiting;
      this.total = total;
    }

    @Override
    public OptionalInt maxLeases(String client) {
      return leases.containsKey(client) ? OptionalInt.of(leases.get(client)) : OptionalInt.empty();
    }

    @Override
    public OptionalInt maxWaiting(String client) {
      return waiting.containsKey(client) ? OptionalInt.of(waiting.get(client)) : OptionalInt.empty();
    }

    @Override
    public OptionalInt maxWaitingTotal() {
      return total;
    }
  }

  private void start(int poolSize, AdmissionLimits limits) {
    table = LeaseTable.builder(new SlotLayout(new EscarpHome(home), 9222, "autonomous"), poolSize)
        .clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(new RecordingResetter())
        .leaseTtl(TTL)
        .admission(limits)
        .journal(home.resolve("daemon-leases.json"))
        .build();
    table.start();
  }

  @AfterEach
  void tearDown() {
    if (table != null) {
      table.close();
    }
    resets.shutdownNow();
  }

  private static AcquireRequest of(String client, String holder) {
    return AcquireRequest.anySlot(holder).withIdentity(LeaseIdentity.autonomous(LeaseIdentity.TABS).withClient(client));
  }

  private Lease grant(AcquireRequest request) {
    return assertInstanceOf(AcquireResult.Granted.class, table.acquire(request)).lease();
  }

  private static Lease granted(CompletableFuture<AcquireResult> f) throws Exception {
    return assertInstanceOf(AcquireResult.Granted.class, f.get(10, TimeUnit.SECONDS)).lease();
  }

  @Test
  void clientAtItsLeaseLimit_isRefusedAtOnce_withTheSoonestEndOfItsLeases_whileOthersAreServed() throws Exception {
    start(3, new Limits(Map.of("a", 1), Map.of(), OptionalInt.empty()));
    grant(of("a", "a1"));
    time.advance(Duration.ofSeconds(20));

    CompletableFuture<AcquireResult> second = table.acquire(of("a", "a2"), WAIT);

    var refused = assertInstanceOf(AcquireResult.QuotaExceeded.class, second.get(10, TimeUnit.SECONDS));
    assertEquals("leases", refused.limit());
    assertEquals(1, refused.max());
    assertEquals(Duration.ofSeconds(40), refused.retryAfter(), "a1 expires 40 s from now");
    assertEquals("b1", grant(of("b", "b1")).holder(), "another client is served");
    assertEquals("anon", grant(AcquireRequest.anySlot("anon")).holder(), "a request of no client is served");
  }

  @Test
  void waitsBeyondTheClientsCap_areRefused_andOthersStillQueue() throws Exception {
    start(1, new Limits(Map.of(), Map.of("a", 1), OptionalInt.empty()));
    Lease x = grant(AcquireRequest.anySlot("x"));

    CompletableFuture<AcquireResult> first = table.acquire(of("a", "a1"), WAIT);
    CompletableFuture<AcquireResult> second = table.acquire(of("a", "a2"), WAIT);
    CompletableFuture<AcquireResult> other = table.acquire(of("b", "b1"), WAIT);

    assertFalse(first.isDone(), "the first wait is within the cap");
    var refused = assertInstanceOf(AcquireResult.QuotaExceeded.class, second.get(10, TimeUnit.SECONDS));
    assertEquals("waiting", refused.limit());
    assertFalse(other.isDone(), "another client's wait is not refused");
    table.release(x.token());
    assertEquals("a1", granted(first).holder());
  }

  @Test
  void waitsBeyondTheTotalCap_areRefused_whoeverMakesThem() throws Exception {
    start(1, new Limits(Map.of(), Map.of(), OptionalInt.of(2)));
    grant(AcquireRequest.anySlot("x"));

    CompletableFuture<AcquireResult> w1 = table.acquire(AcquireRequest.anySlot("w1"), WAIT);
    CompletableFuture<AcquireResult> w2 = table.acquire(of("a", "w2"), WAIT);
    CompletableFuture<AcquireResult> w3 = table.acquire(AcquireRequest.anySlot("w3"), WAIT);

    assertFalse(w1.isDone());
    assertFalse(w2.isDone());
    var refused = assertInstanceOf(AcquireResult.QuotaExceeded.class, w3.get(10, TimeUnit.SECONDS));
    assertEquals("waiting_total", refused.limit());
    assertEquals(2, refused.max());
  }

  @Test
  void waiters_areServedByPriority_thenInArrivalOrder() throws Exception {
    start(1, AdmissionLimits.NONE);
    Lease x = grant(AcquireRequest.anySlot("x"));

    CompletableFuture<AcquireResult> low1 = table.acquire(AcquireRequest.anySlot("low1"), WAIT);
    CompletableFuture<AcquireResult> high = table.acquire(AcquireRequest.anySlot("high").withPriority(5), WAIT);
    CompletableFuture<AcquireResult> low2 = table.acquire(AcquireRequest.anySlot("low2"), WAIT);
    CompletableFuture<AcquireResult> top = table.acquire(AcquireRequest.anySlot("top").withPriority(9), WAIT);

    table.release(x.token());
    Lease first = granted(top);
    assertFalse(high.isDone() || low1.isDone() || low2.isDone());
    table.release(first.token());
    Lease second = granted(high);
    table.release(second.token());
    Lease third = granted(low1);
    assertFalse(low2.isDone(), "low2 came after low1");
    table.release(third.token());
    assertEquals("low2", granted(low2).holder());
  }

  @Test
  void aWaiterWhoseClientReachedItsLimitMeanwhile_isPassedOver_untilOneOfItsLeasesEnds() throws Exception {
    start(2, new Limits(Map.of("a", 1), Map.of(), OptionalInt.empty()));
    Lease x = grant(AcquireRequest.anySlot("x"));
    Lease y = grant(AcquireRequest.anySlot("y"));
    CompletableFuture<AcquireResult> a1 = table.acquire(of("a", "a1"), WAIT);
    CompletableFuture<AcquireResult> a2 = table.acquire(of("a", "a2"), WAIT);
    CompletableFuture<AcquireResult> b1 = table.acquire(of("b", "b1"), WAIT);

    table.release(x.token());
    Lease first = granted(a1);
    table.release(y.token());
    assertEquals("b1", granted(b1).holder(), "a2 is passed over: a holds its one lease");
    assertFalse(a2.isDone());

    table.release(first.token());
    assertEquals("a2", granted(a2).holder());
  }

  @Test
  void theClientOfALease_survivesARestart() throws Exception {
    start(1, AdmissionLimits.NONE);
    grant(of("ci", "job-1"));
    table.close();
    var saved = JournalOnDisk.read(home.resolve("daemon-leases.json")).get("leases").get(0);
    assertEquals("ci", saved.get("client").asText());

    start(1, new Limits(Map.of("ci", 1), Map.of(), OptionalInt.empty()));
    assertEquals("ci", table.snapshot().slots().get(0).identity().orElseThrow().client().orElseThrow());
    assertTrue(table.acquire(of("ci", "job-2")) instanceof AcquireResult.QuotaExceeded,
        "the restored lease counts against its client");
  }
}
