package dev.escarp.core.lease;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every lease states its tier, profile and reset policy, and its end is reset by that policy. */
class LeaseIdentityTest {

  @TempDir Path home;
  private final ManualTime time = new ManualTime();
  private final ExecutorService resets = Executors.newFixedThreadPool(2);
  /** "slot:policy" per reset; "slot:pool" for a reset with no lease behind it. */
  private final List<String> done = new CopyOnWriteArrayList<>();
  private final SlotResetter resetter = new SlotResetter() {
    @Override
    public void reset(Slot slot) {
      done.add(slot.index() + ":pool");
    }

    @Override
    public void reset(Slot slot, String policy) {
      done.add(slot.index() + ":" + policy);
    }
  };

  @AfterEach
  void tearDown() {
    resets.shutdownNow();
  }

  private LeaseTable table(LeaseIdentity defaults) {
    LeaseTable table = LeaseTable.builder(new SlotLayout(new EscarpHome(home), 9222, "autonomous"), 2)
        .clock(time).threads(LeaseThreads.of(time, resets, Runnable::run)).resetter(resetter)
        .defaultIdentity(defaults).journal(home.resolve("leases.json")).build();
    table.start();
    return table;
  }

  @Test
  void acquire_withoutIdentity_statesThePoolsDefaultAndIsResetByIt() {
    try (LeaseTable table = table(LeaseIdentity.autonomous(LeaseIdentity.TABS))) {
      Lease lease = assertInstanceOf(AcquireResult.Granted.class, table.acquire(AcquireRequest.anySlot("a"))).lease();
      assertEquals(LeaseIdentity.autonomous("tabs"), lease.identity());
      assertEquals(Optional.of(lease.identity()), table.snapshot().slot(0).orElseThrow().identity());

      table.release(lease.token());
      await().until(() -> done.contains("0:tabs"));
    }
  }

  @Test
  void acquire_askingForClean_isResetCleanUnderATabsPool() {
    try (LeaseTable table = table(LeaseIdentity.autonomous(LeaseIdentity.TABS))) {
      Lease lease = assertInstanceOf(AcquireResult.Granted.class, table.acquire(
          AcquireRequest.anySlot("a").withIdentity(LeaseIdentity.autonomous(LeaseIdentity.CLEAN)))).lease();
      assertEquals("clean", lease.identity().resetPolicy());
      table.release(lease.token());
      await().until(() -> done.contains("0:clean"));
    }
  }

  @Test
  void delegatedLease_expiringWhileTheTableIsDown_isStillWipedAfterRestart() {
    LeaseTable before = table(LeaseIdentity.autonomous(LeaseIdentity.TABS));
    before.acquire(AcquireRequest.forSlot("a", 1).withIdentity(LeaseIdentity.delegated("github")));
    before.close();
    time.advance(Duration.ofMinutes(5));

    try (LeaseTable after = table(LeaseIdentity.autonomous(LeaseIdentity.TABS))) {
      await().until(() -> done.contains("1:clean"));
    }
  }

  @Test
  void restart_keepsTheIdentityOfARestoredLease() {
    LeaseTable before = table(LeaseIdentity.autonomous(LeaseIdentity.TABS));
    before.acquire(AcquireRequest.forSlot("a", 1).withIdentity(LeaseIdentity.delegated("github")));
    before.close();

    try (LeaseTable after = table(LeaseIdentity.autonomous(LeaseIdentity.TABS))) {
      assertEquals(Optional.of(LeaseIdentity.delegated("github")), after.snapshot().slot(1).orElseThrow().identity());
    }
  }

  @Test
  void identity_refusesWhatTheTiersDoNotAllow() {
    assertThrows(IllegalArgumentException.class,
        () -> new LeaseIdentity(LeaseIdentity.Tier.AUTONOMOUS, Optional.of("p"), "clean"));
    assertThrows(IllegalArgumentException.class,
        () -> new LeaseIdentity(LeaseIdentity.Tier.DELEGATED, Optional.of("p"), "tabs"));
    assertThrows(IllegalArgumentException.class,
        () -> new LeaseIdentity(LeaseIdentity.Tier.DELEGATED, Optional.empty(), "clean"));
    assertThrows(IllegalArgumentException.class, () -> LeaseIdentity.autonomous("none"));
  }
}
