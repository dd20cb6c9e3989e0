package dev.escarp.core.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.slot.SlotReadiness;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: a slot is handed out only if its browser answers now. */
class AcquireReadinessTest {

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private final Set<Integer> dead = ConcurrentHashMap.newKeySet();
  private final SlotReadiness readiness = slot -> dead.contains(slot.index())
      ? Optional.of("browser not answering on port " + slot.cdpPort())
      : Optional.empty();
  private LeaseTable table;

  @BeforeEach
  void setUp() {
    table = LeaseTable.builder(new SlotLayout(new EscarpHome(home), 9222, "autonomous"), 2)
        .clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .readiness(readiness)
        .build();
    table.start();
  }

  @AfterEach
  void tearDown() {
    table.close();
    resets.shutdownNow();
  }

  private Lease grant(AcquireRequest request) {
    return assertInstanceOf(AcquireResult.Granted.class, table.acquire(request)).lease();
  }

  private SlotSnapshot slot(int index) {
    return table.snapshot().slot(index).orElseThrow();
  }

  @Test
  void acquire_skipsAFreeSlotWhoseBrowserDoesNotAnswer_andReportsItUnhealthy() {
    dead.add(0);

    Lease lease = grant(AcquireRequest.anySlot("a"));

    assertEquals(1, lease.slot().index());
    assertEquals(SlotState.UNHEALTHY, slot(0).state());
    assertTrue(slot(0).problem().orElseThrow().contains("not answering"), slot(0).toString());
    assertTrue(table.markHealthy(0), "the health sweep can bring it back");
  }

  @Test
  void acquire_whenNoBrowserAnswers_isRefused_withAndWithoutAWait() throws Exception {
    dead.addAll(Set.of(0, 1));

    assertInstanceOf(AcquireResult.PoolExhausted.class, table.acquire(AcquireRequest.anySlot("a")));
    assertInstanceOf(AcquireResult.PoolExhausted.class,
        table.acquire(AcquireRequest.anySlot("b"), Duration.ZERO).get(5, TimeUnit.SECONDS));
    assertEquals(SlotState.UNHEALTHY, slot(0).state());
    assertEquals(SlotState.UNHEALTHY, slot(1).state());
  }

  @Test
  void acquire_ofANamedSlotWhoseBrowserDoesNotAnswer_isSlotTakenUnhealthy() {
    dead.add(1);

    assertEquals(new AcquireResult.SlotTaken(1, SlotState.UNHEALTHY), table.acquire(AcquireRequest.forSlot("a", 1)));
  }

  @Test
  void aWaiter_isNotHandedASlotWhoseBrowserDied_andGetsItOnceItAnswersAgain() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    CompletableFuture<AcquireResult> waiting = table.acquire(AcquireRequest.anySlot("c"), Duration.ofSeconds(30));
    dead.add(0);

    table.release(a.token());

    await("slot 0 reported unhealthy").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
        .until(() -> slot(0).state(), state -> state == SlotState.UNHEALTHY);
    assertFalse(waiting.isDone(), "handed a dead browser: " + waiting.getNow(null));
    dead.remove(0);
    assertTrue(table.markHealthy(0));
    Lease got = assertInstanceOf(AcquireResult.Granted.class, waiting.get(10, TimeUnit.SECONDS)).lease();
    assertEquals(0, got.slot().index());
    assertEquals("c", got.holder());
  }
}
