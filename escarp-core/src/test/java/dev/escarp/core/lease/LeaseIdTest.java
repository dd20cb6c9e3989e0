package dev.escarp.core.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.ManualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lease ids: public, random, unrelated to the token, kept across a restart, told to observers. */
class LeaseIdTest {

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private SlotLayout layout;
  private Path journal;

  @BeforeEach
  void setUp() {
    layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    journal = home.resolve("daemon-leases.json");
  }

  @AfterEach
  void tearDown() {
    resets.shutdownNow();
  }

  private LeaseTable startTable() {
    LeaseTable table = LeaseTable.builder(layout, 2).clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(slot -> events.add("reset " + slot.index())).journal(journal)
        .observer(new LeaseObserver() {
          @Override
          public void granted(Lease lease) {
            events.add("granted " + lease.slot().index() + " " + lease.leaseId());
          }

          @Override
          public void ended(Lease lease, LeaseEnd.Reason reason) {
            events.add("ended " + lease.slot().index() + " " + lease.leaseId() + " " + reason);
          }
        })
        .build();
    table.start();
    return table;
  }

  @Test
  void acquire_givesEachLeaseAPublicIdThatIsNotItsToken_andTheSnapshotShowsIt() {
    try (LeaseTable table = startTable()) {
      Lease a = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("a"))).lease();
      Lease b = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("b"))).lease();
      assertTrue(LeaseIds.isWellFormed(a.leaseId()), a.leaseId());
      assertNotEquals(a.leaseId(), b.leaseId());
      assertFalse(a.token().reveal().contains(a.leaseId()));
      assertEquals(a.leaseId(), table.snapshot().slot(0).orElseThrow().leaseId().orElseThrow());
      table.release(a.token());
      assertTrue(table.snapshot().slot(0).orElseThrow().leaseId().isEmpty(), "a free slot has no lease id");
    }
  }

  @Test
  void restart_keepsTheLeaseId() {
    LeaseTable before = startTable();
    Lease a = assertInstanceOf(AcquireResult.Granted.class, before.acquire(AcquireRequest.anySlot("a"))).lease();
    before.close();

    try (LeaseTable after = startTable()) {
      assertEquals(a.leaseId(), after.snapshot().slot(0).orElseThrow().leaseId().orElseThrow());
      assertEquals(a.leaseId(), after.lease(a.token()).orElseThrow().leaseId());
      assertTrue(events.contains("granted 0 " + a.leaseId()), "a restored lease is told to observers: " + events);
    }
  }

  @Test
  void restart_loadsAJournalWrittenBeforeLeaseIds_givingItsLeaseANewId() throws Exception {
    long now = time.epochMillis();
    Files.writeString(journal, "{\"format\":1,\"leases\":[{\"slot\":1,\"holder\":\"old\",\"token\":\"tok-old\","
        + "\"acquired_at_ms\":" + now + ",\"expires_at_ms\":" + (now + 60_000) + ",\"last_heartbeat_ms\":" + now
        + "}]}", StandardCharsets.UTF_8);

    try (LeaseTable table = startTable()) {
      SlotSnapshot restored = table.snapshot().slot(1).orElseThrow();
      assertEquals(SlotState.LEASED, restored.state());
      assertTrue(LeaseIds.isWellFormed(restored.leaseId().orElseThrow()));
      assertEquals(restored.leaseId().orElseThrow(), table.lease(LeaseToken.of("tok-old")).orElseThrow().leaseId());
    }
  }

  @Test
  void observer_hearsOfTheEndBeforeTheSlotsReset() {
    try (LeaseTable table = startTable()) {
      Lease a = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("a"))).lease();
      table.release(a.token());
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 3);
      assertEquals(List.of("granted 0 " + a.leaseId(), "ended 0 " + a.leaseId() + " RELEASED", "reset 0"), events);
    }
  }
}
