package dev.escarp.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table announces each change to its listeners, so a console can push the pool instead of polling it. */
class LeaseTableChangesTest {

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final RecordingResetter resetter = new RecordingResetter();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  private final AtomicInteger changes = new AtomicInteger();
  private LeaseTable table;

  @BeforeEach
  void setUp() {
    table = LeaseTable.builder(new SlotLayout(new EscarpHome(home), 9222, "autonomous"), 2)
        .clock(time)
        .threads(LeaseThreads.of(time, resets, Runnable::run))
        .resetter(resetter)
        .leaseTtl(Duration.ofSeconds(60))
        .journal(home.resolve("daemon-leases.json"))
        .build();
    table.start();
    table.onChange(changes::incrementAndGet);
  }

  @AfterEach
  void tearDown() {
    resetter.open();
    table.close();
    resets.shutdownNow();
  }

  @Test
  void acquireHeartbeatReleaseAndTheEndOfTheReset_eachTellTheListener() throws Exception {
    Lease lease = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("a"))).lease();
    int afterAcquire = changes.get();
    assertTrue(afterAcquire >= 1, "acquire announced");

    table.heartbeat(lease.token());
    int afterHeartbeat = changes.get();
    assertTrue(afterHeartbeat > afterAcquire, "heartbeat announced");

    resetter.hold(); // the reset waits, so the release's own announcements are counted apart from its end
    ReleaseResult released = table.release(lease.token());
    int afterRelease = changes.get();
    assertTrue(afterRelease > afterHeartbeat, "release announced");

    resetter.open();
    assertInstanceOf(ReleaseResult.Released.class, released).resetDone().get(10, TimeUnit.SECONDS);
    assertTrue(changes.get() > afterRelease, "the end of the reset announced");
  }

  @Test
  void markingASlotUnhealthyAndHealthy_tellsTheListener_butANoOpDoesNot() {
    assertTrue(table.markUnhealthy(1, "gone"));
    int afterUnhealthy = changes.get();
    assertTrue(afterUnhealthy >= 1);
    assertTrue(table.markHealthy(1));
    int afterHealthy = changes.get();
    assertTrue(afterHealthy > afterUnhealthy);

    assertTrue(!table.markHealthy(1));
    assertEquals(afterHealthy, changes.get());
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    AtomicInteger other = new AtomicInteger();
    Runnable remove = table.onChange(other::incrementAndGet);
    remove.run();
    table.acquire(AcquireRequest.anySlot("b"));
    assertEquals(0, other.get());
  }
}
