package dev.escarp.core.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTableTest {

  private static final Duration TTL = Duration.ofSeconds(60);

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final RecordingResetter resetter = new RecordingResetter();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private SlotLayout layout;
  private LeaseTable table;

  @BeforeEach
  void setUp() {
    layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    table = newTable(2);
    table.start();
  }

  @AfterEach
  void tearDown() {
    resetter.open();
    table.close();
    resets.shutdownNow();
  }

  private LeaseTable newTable(int poolSize) {
    return LeaseTable.builder(layout, poolSize)
        .clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(resetter)
        .leaseTtl(TTL)
        .journal(home.resolve("daemon-leases.json"))
        .build();
  }

  private Lease grant(AcquireRequest request) {
    return assertInstanceOf(AcquireResult.Granted.class, table.acquire(request)).lease();
  }

  private SlotState stateOf(int slot) {
    return table.snapshot().slot(slot).orElseThrow().state();
  }

  private void awaitReset(ReleaseResult result) throws Exception {
    assertInstanceOf(ReleaseResult.Released.class, result).resetDone().get(10, TimeUnit.SECONDS);
  }

  @Test
  void acquire_withoutSlot_grantsTheLowestFreeSlot() {
    Lease first = grant(AcquireRequest.anySlot("a"));
    Lease second = grant(AcquireRequest.anySlot("b"));

    assertEquals(0, first.slot().index());
    assertEquals(1, second.slot().index());
    assertEquals("a", first.holder());
    assertEquals(Instant.ofEpochMilli(time.epochMillis()).plus(TTL), first.expiresAt());
    assertEquals(SlotState.LEASED, stateOf(0));
  }

  @Test
  void acquire_namedSlot_grantsThatSlotWithItsDevPort() {
    Lease lease = grant(AcquireRequest.forSlot("a", 1).withDevPort(3010));

    assertEquals(1, lease.slot().index());
    assertEquals(3010, lease.devPort().getAsInt());
    assertEquals(3010, table.snapshot().slot(1).orElseThrow().devPort().getAsInt());
  }

  @Test
  void acquire_slotOutsideThePool_isUnknownSlot() {
    assertEquals(new AcquireResult.UnknownSlot(5), table.acquire(AcquireRequest.forSlot("a", 5)));
  }

  @Test
  void acquire_namedSlotThatIsLeased_isSlotTaken() {
    grant(AcquireRequest.forSlot("a", 0));

    assertEquals(new AcquireResult.SlotTaken(0, SlotState.LEASED), table.acquire(AcquireRequest.forSlot("b", 0)));
  }

  @Test
  void acquire_fullPool_isPoolExhaustedWithASnapshotOfEverySlot() {
    grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));

    AcquireResult.PoolExhausted full =
        assertInstanceOf(AcquireResult.PoolExhausted.class, table.acquire(AcquireRequest.anySlot("c")));

    assertEquals(2, full.snapshot().poolSize());
    assertTrue(full.snapshot().slots().stream().allMatch(s -> s.state() == SlotState.LEASED));
    assertEquals(60.05, full.snapshot().slots().get(0).availableAfterSeconds(), 1e-9);
  }

  @Test
  void snapshot_neverContainsAToken() {
    Lease lease = grant(AcquireRequest.anySlot("a"));

    String snapshot = table.snapshot().toString();

    assertFalse(snapshot.contains(lease.token().reveal()), snapshot);
    assertFalse(lease.toString().contains(lease.token().reveal()));
  }

  @Test
  void heartbeat_extendsTheLeaseByTheTtlFromNow() {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    time.advance(Duration.ofSeconds(40));

    Lease renewed = assertInstanceOf(HeartbeatResult.Renewed.class, table.heartbeat(lease.token())).lease();

    assertEquals(lease.expiresAt().plusSeconds(40), renewed.expiresAt());
    time.advance(Duration.ofSeconds(59));
    assertEquals(SlotState.LEASED, stateOf(0), "the heartbeat moved the deadline");
  }

  @Test
  void heartbeat_unknownToken_isUnknownLease() {
    grant(AcquireRequest.anySlot("a"));

    assertEquals(new UnknownLease(), table.heartbeat(LeaseToken.of("not-a-token")));
  }

  @Test
  void heartbeat_pastExpiry_failsEvenBeforeTheReaperRan() {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    time.advanceWithoutRunningTasks(TTL.plusMillis(1)); // the expiry timer is late
    resetter.hold();

    assertEquals(new UnknownLease(), table.heartbeat(lease.token()));
    assertEquals(SlotState.RESETTING, stateOf(0), "the expired lease is reclaimed on the spot");
    assertEquals(1, table.reaped().size());
  }

  @Test
  void release_pastExpiry_isUnknownLease() {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    time.advanceWithoutRunningTasks(TTL);

    assertEquals(new UnknownLease(), table.release(lease.token()));
  }

  @Test
  void expiry_reclaimsTheLeaseAtItsOwnDeadline_andRecordsIt() throws Exception {
    Lease lease = grant(AcquireRequest.anySlot("sleepy"));
    CompletableFuture<LeaseEnd> ended = table.whenEnded(lease.token()).orElseThrow();

    time.advance(TTL.minusMillis(1));
    assertEquals(SlotState.LEASED, stateOf(0));
    time.advance(Duration.ofMillis(1));

    LeaseEnd end = ended.get(5, TimeUnit.SECONDS);
    assertEquals(LeaseEnd.Reason.EXPIRED, end.reason());
    List<ReapedLease> reaped = table.reaped();
    assertEquals(1, reaped.size());
    assertEquals(0, reaped.get(0).slot());
    assertEquals("sleepy", reaped.get(0).holder());
    assertEquals(new UnknownLease(), table.heartbeat(lease.token()), "no heartbeat revives it");
  }

  @Test
  void reaped_keepsTheLastFifty_newestLast() {
    for (int i = 0; i < 55; i++) {
      grant(AcquireRequest.forSlot("holder-" + i, 0));
      time.advance(TTL);
      awaitFree(0);
    }

    List<ReapedLease> reaped = table.reaped();
    assertEquals(50, reaped.size());
    assertEquals("holder-5", reaped.get(0).holder());
    assertEquals("holder-54", reaped.get(49).holder());
  }

  private void awaitFree(int slot) {
    await("slot " + slot + " free again").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1)).until(() -> stateOf(slot), state -> state == SlotState.FREE);
  }

  @Test
  void release_answersAtOnce_andTheSlotIsResettingUntilTheResetIsDone() throws Exception {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    resetter.hold();

    ReleaseResult.Released released =
        assertInstanceOf(ReleaseResult.Released.class, table.release(lease.token()));

    assertEquals(SlotState.RESETTING, released.slot().state());
    assertEquals(new AcquireResult.SlotTaken(0, SlotState.RESETTING), table.acquire(AcquireRequest.forSlot("b", 0)));
    assertEquals(1, grant(AcquireRequest.anySlot("b")).slot().index(), "slot 0 is skipped mid-reset");
    resetter.open();
    assertEquals(SlotState.FREE, released.resetDone().get(10, TimeUnit.SECONDS));
    assertEquals(List.of(0), resetter.resets);
    assertEquals(0, grant(AcquireRequest.anySlot("c")).slot().index());
  }

  @Test
  void release_twice_isUnknownLeaseTheSecondTime() throws Exception {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    awaitReset(table.release(lease.token()));

    assertEquals(new UnknownLease(), table.release(lease.token()));
  }

  @Test
  void failedReset_marksTheSlotUnhealthy_untilMarkedHealthy() throws Exception {
    Lease lease = grant(AcquireRequest.forSlot("a", 0));
    resetter.failFromNowOn();

    ReleaseResult.Released released = assertInstanceOf(ReleaseResult.Released.class, table.release(lease.token()));

    assertEquals(SlotState.UNHEALTHY, released.resetDone().get(10, TimeUnit.SECONDS));
    SlotSnapshot slot = table.snapshot().slot(0).orElseThrow();
    assertEquals(SlotState.UNHEALTHY, slot.state());
    assertTrue(slot.problem().orElseThrow().contains("browser did not answer"));
    assertEquals(new AcquireResult.SlotTaken(0, SlotState.UNHEALTHY), table.acquire(AcquireRequest.forSlot("b", 0)));
    assertEquals(1, grant(AcquireRequest.anySlot("b")).slot().index());

    assertTrue(table.markHealthy(0));
    assertNotEquals(SlotState.UNHEALTHY, stateOf(0));
  }

  @Test
  void markUnhealthy_appliesOnlyToFreeSlots() {
    grant(AcquireRequest.forSlot("a", 0));

    assertFalse(table.markUnhealthy(0, "probe failed"), "leased slots are never swept");
    assertTrue(table.markUnhealthy(1, "probe failed"));
    assertEquals(SlotState.UNHEALTHY, stateOf(1));
    assertInstanceOf(AcquireResult.PoolExhausted.class, table.acquire(AcquireRequest.anySlot("b")));
  }

  @Test
  void waiter_getsTheSlotTheMomentItsResetIsDone() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    CompletableFuture<AcquireResult> waiting = table.acquire(AcquireRequest.anySlot("c"), Duration.ofSeconds(30));
    assertFalse(waiting.isDone());

    awaitReset(table.release(a.token()));

    Lease got = assertInstanceOf(AcquireResult.Granted.class, waiting.get(5, TimeUnit.SECONDS)).lease();
    assertEquals(0, got.slot().index());
    assertEquals("c", got.holder());
    assertEquals(List.of(0), resetter.resets, "the slot was reset before the waiter got it");
  }

  @Test
  void waiters_areServedFirstComeFirstServed() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    Lease b = grant(AcquireRequest.anySlot("b"));
    CompletableFuture<AcquireResult> first = table.acquire(AcquireRequest.anySlot("first"), Duration.ofSeconds(30));
    CompletableFuture<AcquireResult> second = table.acquire(AcquireRequest.anySlot("second"), Duration.ofSeconds(30));

    awaitReset(table.release(b.token()));
    assertEquals("first", assertInstanceOf(AcquireResult.Granted.class, first.get(5, TimeUnit.SECONDS)).lease().holder());
    assertFalse(second.isDone());

    awaitReset(table.release(a.token()));
    assertEquals("second", assertInstanceOf(AcquireResult.Granted.class, second.get(5, TimeUnit.SECONDS)).lease().holder());
  }

  @Test
  void waiter_forANamedSlot_doesNotBlockWaitersForAnySlot() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    Lease b = grant(AcquireRequest.anySlot("b"));
    CompletableFuture<AcquireResult> wantsOne = table.acquire(AcquireRequest.forSlot("wants-1", 1), Duration.ofSeconds(30));
    CompletableFuture<AcquireResult> wantsAny = table.acquire(AcquireRequest.anySlot("wants-any"), Duration.ofSeconds(30));

    awaitReset(table.release(a.token()));

    assertEquals(0, assertInstanceOf(AcquireResult.Granted.class, wantsAny.get(5, TimeUnit.SECONDS)).lease().slot().index());
    assertFalse(wantsOne.isDone());
    awaitReset(table.release(b.token()));
    assertEquals(1, assertInstanceOf(AcquireResult.Granted.class, wantsOne.get(5, TimeUnit.SECONDS)).lease().slot().index());
  }

  @Test
  void waiter_whoseWaitRunsOut_getsPoolExhausted() throws Exception {
    grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    CompletableFuture<AcquireResult> waiting = table.acquire(AcquireRequest.anySlot("c"), Duration.ofSeconds(5));

    time.advance(Duration.ofSeconds(5));

    assertInstanceOf(AcquireResult.PoolExhausted.class, waiting.get(5, TimeUnit.SECONDS));
  }

  @Test
  void slotHeldByAnotherClaimant_showsAsExternal_andIsNeverHandedOut() {
    SlotAllocator outsider = new SlotAllocator(Clock.system());
    try (SlotClaim held = outsider.tryClaim(layout.slot(0), "junit-harness").orElseThrow()) {
      table.refreshExternalHolders(); // snapshots read memory only: learn of the outsider first
      SlotSnapshot zero = table.snapshot().slot(0).orElseThrow();
      assertEquals(SlotState.EXTERNAL, zero.state());
      assertEquals(Optional.of("junit-harness"), zero.holder());
      assertEquals(ProcessHandle.current().pid(), zero.holderPid().getAsLong());

      assertEquals(1, grant(AcquireRequest.anySlot("a")).slot().index());
      assertEquals(new AcquireResult.SlotTaken(0, SlotState.EXTERNAL), table.acquire(AcquireRequest.forSlot("b", 0)));
    }
  }

  @Test
  void snapshot_marksALeaseSuspectedStaleAfterHalfTheTtlWithoutHeartbeat() {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    time.advance(Duration.ofSeconds(30));
    assertFalse(table.snapshot().slot(0).orElseThrow().suspectedStale());

    time.advance(Duration.ofSeconds(1));
    SlotSnapshot slot = table.snapshot().slot(0).orElseThrow();
    assertTrue(slot.suspectedStale());
    assertEquals(29.05, slot.availableAfterSeconds(), 1e-9);
    assertEquals(slot.availableAfterSeconds(), slot.retryAfterSeconds());

    table.heartbeat(lease.token());
    assertFalse(table.snapshot().slot(0).orElseThrow().suspectedStale());
  }

  @Test
  void snapshot_ofAFreeSlot_hasNothingToWaitFor() {
    SlotSnapshot slot = table.snapshot().slot(1).orElseThrow();

    assertEquals(SlotState.FREE, slot.state());
    assertEquals(0.0, slot.availableAfterSeconds());
    assertEquals(Optional.empty(), slot.holder());
  }

  @Test
  void whenEnded_completesWithTheReleasedReason() throws Exception {
    Lease lease = grant(AcquireRequest.anySlot("a"));
    CompletableFuture<LeaseEnd> ended = table.whenEnded(lease.token()).orElseThrow();

    table.release(lease.token());

    assertEquals(LeaseEnd.Reason.RELEASED, ended.get(5, TimeUnit.SECONDS).reason());
    assertEquals(Optional.empty(), table.whenEnded(lease.token()));
  }

  @Test
  void tokens_areLongUrlSafeAndDistinct() {
    Lease a = grant(AcquireRequest.anySlot("a"));
    Lease b = grant(AcquireRequest.anySlot("b"));

    assertTrue(a.token().reveal().matches("[A-Za-z0-9_-]{43}"), "256 bits, URL-safe base64");
    assertNotEquals(a.token().reveal(), b.token().reveal());
    assertEquals("LeaseToken[redacted]", a.token().toString());
  }

  @Test
  void addSlot_bringsANewSlotIntoThePool_onceOnly() {
    PoolChangeResult.Added added = assertInstanceOf(PoolChangeResult.Added.class, table.addSlot(5));

    assertEquals(5, added.slot().index());
    assertEquals(SlotState.FREE, added.slot().state());
    assertEquals(new PoolChangeResult.AlreadyInPool(5), table.addSlot(5));
    assertEquals(5, grant(AcquireRequest.forSlot("a", 5)).slot().index());
    assertEquals(3, table.stats().slots());
  }

  @Test
  void removeSlot_refusesALeasedSlotUnlessForced_andForcingEndsTheLease() throws Exception {
    Lease lease = grant(AcquireRequest.forSlot("a", 1));
    CompletableFuture<LeaseEnd> ended = table.whenEnded(lease.token()).orElseThrow();

    assertEquals(new PoolChangeResult.Leased(1), table.removeSlot(1, false));
    assertEquals(new PoolChangeResult.Removed(1), table.removeSlot(1, true));

    assertEquals(LeaseEnd.Reason.REMOVED, ended.get(5, TimeUnit.SECONDS).reason());
    assertEquals(new UnknownLease(), table.heartbeat(lease.token()));
    assertEquals(new AcquireResult.UnknownSlot(1), table.acquire(AcquireRequest.forSlot("b", 1)));
    assertEquals(new PoolChangeResult.NotInPool(1), table.removeSlot(1, false));
    assertEquals(1, table.snapshot().poolSize());
  }

  @Test
  void stats_countLeasesWaitersExpiriesAndResets() throws Exception {
    Lease a = grant(AcquireRequest.anySlot("a"));
    grant(AcquireRequest.anySlot("b"));
    CompletableFuture<AcquireResult> waiting = table.acquire(AcquireRequest.anySlot("c"), Duration.ofSeconds(30));

    assertEquals(new TableStats(2, 2, 1, 0, 0, 0), table.stats());
    awaitReset(table.release(a.token()));
    waiting.get(5, TimeUnit.SECONDS);
    time.advance(TTL);
    awaitFree(0);
    awaitFree(1);

    TableStats stats = table.stats();
    assertEquals(2, stats.expiredTotal(), "b and c expired");
    assertEquals(3, stats.resetsSucceeded());
    assertEquals(0, stats.waiting());
  }

  @Test
  void usingTheTableBeforeStart_failsClearly() {
    LeaseTable unstarted = newTable(1);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> unstarted.acquire(AcquireRequest.anySlot("a")));
    assertEquals("start() the lease table before using it", e.getMessage());
    unstarted.close();
  }
}
