package dev.escarp.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.RemoteBrowser;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote slots in the lease table: after the local ones, with their own lock files, in preference order. */
class BackendPreferenceTableTest {

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final ExecutorService resets = Executors.newFixedThreadPool(1);
  private SlotLayout layout;
  private List<Slot> remotes;
  private LeaseTable table;

  @BeforeEach
  void setUp() {
    layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    remotes = layout.remoteSlots(2, List.of(RemoteBrowser.of("a", "http://10.0.0.5:9222"),
        RemoteBrowser.of("b", "ws://10.0.0.6:9333/devtools/browser/x?token=t")));
  }

  @AfterEach
  void tearDown() {
    if (table != null) {
      table.close();
    }
    resets.shutdownNow();
  }

  private LeaseTable table(Comparator<Slot> preference) {
    LeaseTableBuilder builder = LeaseTable.builder(layout, 2)
        .clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .extraSlots(remotes);
    if (preference != null) {
      builder.preference(preference);
    }
    table = builder.build();
    table.start();
    return table;
  }

  private List<Integer> grantAll(LeaseTable t, int n) {
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slots.add(assertInstanceOf(AcquireResult.Granted.class, t.acquire(AcquireRequest.anySlot("h" + i)))
          .lease().slot().index());
    }
    return slots;
  }

  @Test
  void byDefaultLocalSlotsAreHandedOutBeforeRemoteOnes() {
    assertEquals(List.of(0, 1, 2, 3), grantAll(table(null), 4));
  }

  @Test
  void aRemoteFirstPreferenceHandsOutRemoteSlotsFirst() {
    Comparator<Slot> remoteFirst = Comparator.comparing(s -> s.isLocal());
    assertEquals(List.of(2, 3, 0, 1), grantAll(table(remoteFirst), 4));
  }

  @Test
  void remoteSlotsAreLockedByAFileNamedAfterTheBrowser() {
    LeaseTable t = table(null);
    Slot b = t.snapshot().slot(3).orElseThrow().slot();
    assertEquals(home.resolve("locks").resolve("remote-b.lock"), b.lockFile());
    assertEquals("remote", b.backend());
    assertEquals(9333, b.cdpPort());
    assertEquals("10.0.0.6", b.host());
  }

  @Test
  void extraSlotsMayNotReuseALocalIndex() {
    LeaseTableBuilder builder = LeaseTable.builder(layout, 3);
    assertThrows(IllegalArgumentException.class, () -> builder.extraSlots(remotes));
  }

  @Test
  void aRemoteAddedToARunningTableIsLeasable() {
    LeaseTable t = table(null);
    Slot c = layout.remoteSlot(4, RemoteBrowser.of("c", "http://10.0.0.7:9222"));
    assertInstanceOf(PoolChangeResult.Added.class, t.addSlot(c));
    assertTrue(t.snapshot().slot(4).isPresent());
    Lease lease = assertInstanceOf(AcquireResult.Granted.class, t.acquire(AcquireRequest.forSlot("x", 4))).lease();
    assertEquals("c", lease.slot().remote().orElseThrow().name());
  }
}
