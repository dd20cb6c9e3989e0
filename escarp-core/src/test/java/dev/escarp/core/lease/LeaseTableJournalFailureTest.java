package dev.escarp.core.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: acquire and release answer only once the journal holds them, and
 * leave the table as it was when it cannot. The journal is made unwritable for real (root ignores
 * file modes): a non-empty directory where each copy of the journal must be written.
 */
class LeaseTableJournalFailureTest {

  private static final Duration TTL = Duration.ofSeconds(60);

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final RecordingResetter resetter = new RecordingResetter();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private SlotLayout layout;
  private Path journal;

  @BeforeEach
  void setUp() {
    layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    journal = home.resolve("daemon-leases.json");
  }

  @AfterEach
  void stopResets() throws Exception {
    resets.shutdownNow();
    resets.awaitTermination(5, TimeUnit.SECONDS);
  }

  private LeaseTable startTable(int size) {
    LeaseTable table = LeaseTable.builder(layout, size).clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(resetter).leaseTtl(TTL).journal(journal).build();
    table.start();
    return table;
  }

  private void breakJournal() throws Exception {
    JournalOnDisk.block(journal);
  }

  private void repairJournal() throws Exception {
    JournalOnDisk.unblock(journal);
  }

  private static Lease granted(AcquireResult result) {
    return assertInstanceOf(AcquireResult.Granted.class, result).lease();
  }

  @Test
  void acquire_whileTheJournalCannotBeWritten_isNotSaved_andTheSlotAndItsFlockAreFreeAgain() throws Exception {
    LeaseTable table = startTable(2);
    try {
      breakJournal();

      AcquireResult result = table.acquire(AcquireRequest.anySlot("a"));

      AcquireResult.NotSaved refused = assertInstanceOf(AcquireResult.NotSaved.class, result);
      assertTrue(refused.problem().contains("daemon-leases.json"), refused.problem());
      assertTrue(table.snapshot().slots().stream().allMatch(s -> s.state() == SlotState.FREE));
      SlotClaim outsider = new SlotAllocator(Clock.system()).tryClaim(layout.slot(0), "outsider").orElseThrow();
      assertFalse(outsider.needsReset(), "nobody got the browser: it stays clean");
      outsider.markClean();
      outsider.close();
      assertFalse(table.journalStatus().writable());
      assertTrue(table.journalStatus().failures() >= 1);

      repairJournal();
      granted(table.acquire(AcquireRequest.anySlot("b")));
      assertTrue(table.journalStatus().writable());
    } finally {
      table.close();
    }
    LeaseTable after = startTable(2);
    try {
      assertEquals(List.of("b"), after.snapshot().slots().stream()
          .flatMap(s -> s.holder().stream()).toList(), "the refused grant never comes back");
    } finally {
      after.close();
    }
  }

  @Test
  void release_whileTheJournalCannotBeWritten_isNotSaved_andTheLeaseStaysActiveAndUnreset() throws Exception {
    LeaseTable table = startTable(2);
    Lease a;
    try {
      a = granted(table.acquire(AcquireRequest.anySlot("a")));
      breakJournal();

      ReleaseResult result = table.release(a.token());

      assertInstanceOf(ReleaseResult.NotSaved.class, result);
      assertEquals(SlotState.LEASED, table.snapshot().slot(0).orElseThrow().state());
      assertEquals(a.expiresAt(), table.snapshot().slot(0).orElseThrow().expiresAt().orElseThrow());
      assertInstanceOf(HeartbeatResult.Renewed.class, table.heartbeat(a.token()));
      assertEquals(List.of(), resetter.resets, "a release not saved does not reset the browser");

      repairJournal();
      assertInstanceOf(ReleaseResult.Released.class, table.release(a.token()));
    } finally {
      table.close();
    }
    LeaseTable after = startTable(2);
    try {
      assertEquals(new UnknownLease(), after.heartbeat(a.token()), "a saved release stays released");
    } finally {
      after.close();
    }
  }

  @Test
  void handOffToAWaiter_whileTheJournalCannotBeWritten_answersNotSaved_andFreesTheSlot() throws Exception {
    LeaseTable table = startTable(1);
    try {
      granted(table.acquire(AcquireRequest.anySlot("a")));
      CompletableFuture<AcquireResult> waiter = table.acquire(AcquireRequest.anySlot("w"), Duration.ofHours(1));
      breakJournal();

      time.advance(TTL.plusSeconds(1)); // a expires; its reset hands the slot to the waiter

      AcquireResult result = waiter.get(10, TimeUnit.SECONDS);
      assertInstanceOf(AcquireResult.NotSaved.class, result);
      await("slot 0 free").atMost(Duration.ofSeconds(10))
          .until(() -> table.snapshot().slot(0).orElseThrow().state() == SlotState.FREE);
    } finally {
      table.close();
    }
  }

  @Test
  void restart_givesARestoredLeaseAtLeastAFullTtl_soALostHeartbeatCostsNothing() throws Exception {
    LeaseTable before = startTable(1);
    Lease a = granted(before.acquire(AcquireRequest.anySlot("a")));
    before.close();
    time.advanceWithoutRunningTasks(TTL.minusSeconds(10)); // 10 s left by the journal's account

    LeaseTable after = startTable(1);
    try {
      Instant expires = after.snapshot().slot(0).orElseThrow().expiresAt().orElseThrow();
      assertEquals(Instant.ofEpochMilli(time.epochMillis()).plus(TTL), expires);
      time.advance(TTL.minusSeconds(1));
      assertInstanceOf(HeartbeatResult.Renewed.class, after.heartbeat(a.token()));
    } finally {
      after.close();
    }
  }
}
