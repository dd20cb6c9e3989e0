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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: a slot that is only resetting counts as about to be free. */
class AcquireWhileResettingTest {

  private static final Duration RESET_WAIT = Duration.ofSeconds(10);

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final RecordingResetter resetter = new RecordingResetter();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private LeaseTable table;

  @BeforeEach
  void setUp() {
    table = LeaseTable.builder(new SlotLayout(new EscarpHome(home), 9222, "autonomous"), 2)
        .clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(resetter)
        .resetWait(RESET_WAIT)
        .build();
    table.start();
  }

  @AfterEach
  void tearDown() {
    resetter.open();
    table.close();
    resets.shutdownNow();
  }

  private Lease grant(AcquireRequest request) {
    return assertInstanceOf(AcquireResult.Granted.class, table.acquire(request)).lease();
  }

  private ReleaseResult.Released release(Lease lease) {
    return assertInstanceOf(ReleaseResult.Released.class, table.release(lease.token()));
  }

  @Test
  void acquireWithoutWait_onAFullPool_waitsForASlotThatIsResetting() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    resetter.hold();
    release(a);

    CompletableFuture<AcquireResult> again = table.acquire(AcquireRequest.anySlot("a-again"), Duration.ZERO);

    assertFalse(again.isDone(), "answered before the reset was done: " + again.getNow(null));
    resetter.open();
    Lease got = assertInstanceOf(AcquireResult.Granted.class, again.get(10, TimeUnit.SECONDS)).lease();
    assertEquals(0, got.slot().index());
    assertEquals("a-again", got.holder());
  }

  @Test
  void acquireWithoutWait_ofANamedSlotThatIsResetting_waitsForItsReset() throws Exception {
    Lease a = grant(AcquireRequest.forSlot("a", 1));
    resetter.hold();
    release(a);

    CompletableFuture<AcquireResult> again = table.acquire(AcquireRequest.forSlot("a-again", 1), Duration.ZERO);

    assertFalse(again.isDone(), "answered before the reset was done: " + again.getNow(null));
    resetter.open();
    assertEquals(1, assertInstanceOf(AcquireResult.Granted.class, again.get(10, TimeUnit.SECONDS))
        .lease().slot().index());
  }

  @Test
  void waitingForAReset_isBoundedByTheResetWait() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    resetter.hold();
    release(a);
    CompletableFuture<AcquireResult> again = table.acquire(AcquireRequest.anySlot("c"), Duration.ZERO);

    time.advance(RESET_WAIT);

    AcquireResult.PoolExhausted full =
        assertInstanceOf(AcquireResult.PoolExhausted.class, again.get(10, TimeUnit.SECONDS));
    SlotSnapshot resetting = full.snapshot().slot(0).orElseThrow();
    assertEquals(SlotState.RESETTING, resetting.state());
    assertTrue(resetting.retryAfterSeconds() > 0, "an overdue reset still advises a pause: " + resetting);
  }

  @Test
  void aCallerWaitingOnlyForAReset_isAnsweredAsSoonAsTheResetFails() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    resetter.hold();
    resetter.failFromNowOn();
    release(a);
    CompletableFuture<AcquireResult> again = table.acquire(AcquireRequest.anySlot("c"), Duration.ZERO);
    assertFalse(again.isDone());

    resetter.open(); // manual time stands still: the reset wait cannot be what answers

    AcquireResult.PoolExhausted full =
        assertInstanceOf(AcquireResult.PoolExhausted.class, again.get(10, TimeUnit.SECONDS));
    assertEquals(SlotState.UNHEALTHY, full.snapshot().slot(0).orElseThrow().state());
  }

  @Test
  void acquireWithoutWait_onAPoolWithNothingResetting_isRefusedAtOnce() throws Exception {
    grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));

    CompletableFuture<AcquireResult> refused = table.acquire(AcquireRequest.anySlot("c"), Duration.ZERO);

    assertInstanceOf(AcquireResult.PoolExhausted.class, refused.getNow(null));
  }

  @Test
  void retryAfter_ofAResettingSlot_isTheExpectedRestOfItsReset() throws Exception {
    Lease a = grant(AcquireRequest.forSlot("a", 0));
    grant(AcquireRequest.forSlot("b", 1));
    // One reset measured at 300 ms sets the average.
    resetter.hold();
    ReleaseResult.Released first = release(a);
    time.advance(Duration.ofMillis(300));
    resetter.open();
    assertEquals(SlotState.FREE, first.resetDone().get(10, TimeUnit.SECONDS));
    Lease again = grant(AcquireRequest.forSlot("a", 0));
    resetter.hold();
    release(again);

    time.advance(Duration.ofMillis(100));
    AcquireResult.PoolExhausted full =
        assertInstanceOf(AcquireResult.PoolExhausted.class, table.acquire(AcquireRequest.anySlot("c")));

    SlotSnapshot resetting = full.snapshot().slot(0).orElseThrow();
    assertEquals(SlotState.RESETTING, resetting.state());
    assertEquals(0.2, resetting.retryAfterSeconds(), 1e-6);
    assertEquals(0.2, table.snapshot().slot(0).orElseThrow().availableAfterSeconds(), 1e-6);
  }
}
