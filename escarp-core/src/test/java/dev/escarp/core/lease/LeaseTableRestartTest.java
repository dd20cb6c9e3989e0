package dev.escarp.core.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: a table rebuilt from disk has the same leases, tokens and expiries. */
class LeaseTableRestartTest {

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

  private LeaseTable startTable() {
    LeaseTable table = LeaseTable.builder(layout, 3).clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(resetter).leaseTtl(TTL).journal(journal).build();
    table.start();
    return table;
  }

  @Test
  void restart_restoresUnexpiredLeasesWithTheirTokensAndExpiries_withoutResettingThem() throws Exception {
    LeaseTable before = startTable();
    Lease a = assertInstanceOf(AcquireResult.Granted.class, before.acquire(AcquireRequest.anySlot("a"))).lease();
    Lease b = assertInstanceOf(AcquireResult.Granted.class,
        before.acquire(AcquireRequest.forSlot("b", 2).withDevPort(3020))).lease();
    before.close();

    LeaseTable after = startTable();
    try {
      PoolSnapshot snap = after.snapshot();
      assertEquals(SlotState.LEASED, snap.slot(0).orElseThrow().state());
      assertEquals("a", snap.slot(0).orElseThrow().holder().orElseThrow());
      assertEquals(a.expiresAt(), snap.slot(0).orElseThrow().expiresAt().orElseThrow());
      assertEquals(SlotState.FREE, snap.slot(1).orElseThrow().state());
      assertEquals(3020, snap.slot(2).orElseThrow().devPort().getAsInt());
      assertEquals(List.of(), resetter.resets, "leased tabs are not touched");

      assertInstanceOf(HeartbeatResult.Renewed.class, after.heartbeat(a.token()));
      assertInstanceOf(HeartbeatResult.Renewed.class, after.heartbeat(b.token()));
      assertEquals(new AcquireResult.SlotTaken(0, SlotState.LEASED), after.acquire(AcquireRequest.forSlot("c", 0)));
    } finally {
      after.close();
    }
  }

  @Test
  void restart_retakesTheFlocksOfRestoredLeases() {
    LeaseTable before = startTable();
    before.acquire(AcquireRequest.forSlot("a", 1));
    before.close();

    LeaseTable after = startTable();
    try {
      assertEquals(java.util.Optional.empty(),
          new SlotAllocator(Clock.system()).tryClaim(layout.slot(1), "outsider"));
    } finally {
      after.close();
    }
  }

  @Test
  void restart_reclaimsAndResetsLeasesThatExpiredWhileDown() throws Exception {
    LeaseTable before = startTable();
    Lease a = assertInstanceOf(AcquireResult.Granted.class, before.acquire(AcquireRequest.anySlot("a"))).lease();
    before.close();
    time.advanceWithoutRunningTasks(TTL.plusSeconds(1));

    LeaseTable after = startTable();
    try {
      assertEquals(new UnknownLease(), after.heartbeat(a.token()));
      assertEquals("a", after.reaped().get(0).holder());
      awaitState(after, 0, SlotState.FREE);
      assertEquals(List.of(0), resetter.resets);
    } finally {
      after.close();
    }
  }

  @Test
  void start_resetsFreeSlotsThatALastHolderLeftDirty() throws Exception {
    SlotClaim crashed = new SlotAllocator(Clock.system()).tryClaim(layout.slot(1), "crashed").orElseThrow();
    crashed.close(); // closed without markClean: as if its process died mid-use

    LeaseTable table = startTable();
    try {
      awaitState(table, 1, SlotState.FREE);
      assertEquals(List.of(1), resetter.resets);
    } finally {
      table.close();
    }
  }

  @Test
  void journal_isPrivateToItsOwner_andHoldsTheTokensOfActiveLeasesOnly() throws Exception {
    LeaseTable table = startTable();
    try {
      Lease a = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("a"))).lease();
      Lease b = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("b"))).lease();
      table.release(b.token());

      for (Path copy : JournalFiles.copies(journal)) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
      }
      var leases = JournalOnDisk.read(journal).get("leases");
      assertEquals(1, leases.size());
      assertEquals(a.token().reveal(), leases.get(0).get("token").asText());
    } finally {
      table.close();
    }
  }

  @Test
  void journalThatIsNotJson_isMovedAside_andTheTableStartsEmpty() throws Exception {
    Files.writeString(journal, "{\"leases\": [{\"slot\": 0, \"hold");

    LeaseTable table = startTable();
    try {
      assertTrue(Files.exists(home.resolve("daemon-leases.json.corrupt")));
      assertEquals(1, table.problems().size());
      assertTrue(table.snapshot().slots().stream().allMatch(s -> s.state() == SlotState.FREE));
    } finally {
      table.close();
    }
  }

  @Test
  void damagedJournalEntry_costsThatEntryOnly_reportedWithItsSlot_andTheRestComeBack() throws Exception {
    LeaseTable before = startTable();
    Lease a = assertInstanceOf(AcquireResult.Granted.class, before.acquire(AcquireRequest.forSlot("a", 0))).lease();
    before.acquire(AcquireRequest.forSlot("b", 1));
    Lease c = assertInstanceOf(AcquireResult.Granted.class, before.acquire(AcquireRequest.forSlot("c", 2))).lease();
    before.close();
    // Edited after it was written (its checksum no longer holds), yet whole: read entry by entry.
    Path newest = JournalOnDisk.newest(journal);
    ObjectMapper json = new ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(newest.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("leases").get(1)).remove("expires_at_ms");
    ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("leases")).add("not an entry");
    json.writeValue(newest.toFile(), root);

    LeaseTable after = startTable();
    try {
      assertInstanceOf(HeartbeatResult.Renewed.class, after.heartbeat(a.token()));
      assertInstanceOf(HeartbeatResult.Renewed.class, after.heartbeat(c.token()));
      awaitState(after, 1, SlotState.FREE); // its flock's record says in_use: reset before reuse
      assertEquals(List.of(1), resetter.resets);
      List<String> dropped = after.problems().stream().filter(p -> p.contains("dropping a damaged entry")).toList();
      assertEquals(2, dropped.size(), after.problems().toString());
      assertTrue(dropped.get(0).contains("slot 1") && dropped.get(0).contains("expires_at_ms"), dropped.get(0));
      assertTrue(dropped.get(1).contains("slot unreadable"), dropped.get(1));
      assertTrue(Files.exists(newest.resolveSibling(newest.getFileName() + ".corrupt")), "the damaged copy is kept");
    } finally {
      after.close();
    }
  }

  @AfterEach
  void stopResets() {
    resets.shutdownNow();
  }

  private static void awaitState(LeaseTable table, int slot, SlotState wanted) {
    await("slot " + slot + " " + wanted).atMost(Duration.ofSeconds(10))
        .until(() -> table.snapshot().slot(slot).orElseThrow().state(), state -> state == wanted);
  }
}
