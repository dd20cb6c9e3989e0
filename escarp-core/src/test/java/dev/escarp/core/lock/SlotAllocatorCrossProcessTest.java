package dev.escarp.core.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel arbitrates between processes: a second JVM, and flock(1). */
class SlotAllocatorCrossProcessTest {

  @TempDir Path home;
  private SlotLayout layout;
  private SlotAllocator allocator;
  private ChildProcesses children;

  @BeforeEach
  void setUp() {
    layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    allocator = new SlotAllocator(Clock.system());
    children = new ChildProcesses();
  }

  @AfterEach
  void tearDown() throws Exception {
    children.close();
  }

  @Test
  void slotHeldByAnotherJvm_cannotBeClaimed_untilThatJvmIsKilled_thenNeedsAReset() throws Exception {
    Slot slot = layout.slot(1);
    Process child = children.javaHolding(home, 1, "child-jvm");

    assertEquals(Optional.empty(), allocator.tryClaim(slot, "parent"));
    SlotHolder holder = allocator.holderOf(slot).orElseThrow();
    assertEquals(child.pid(), holder.pid());
    assertEquals(Optional.of("child-jvm"), holder.holder());

    child.destroyForcibly(); // SIGKILL: no cleanup runs in the child
    assertTrue(child.waitFor(10, TimeUnit.SECONDS));

    SlotClaim claim = allocator.tryClaim(slot, "parent").orElseThrow(
        () -> new AssertionError("the kernel must drop a dead process's flock at once"));
    assertTrue(claim.needsReset(), "the child died holding the slot: it was never reset");
    claim.close();
  }

  @Test
  void slotHeldByFlock1_cannotBeClaimed_andIsFreeTheMomentFlockDies() throws Exception {
    Slot slot = layout.slot(0);
    java.nio.file.Files.createDirectories(slot.lockFile().getParent());
    Process flock = children.flockHolding(slot.lockFile());

    assertEquals(Optional.empty(), allocator.tryClaim(slot, "java"));
    SlotHolder holder = allocator.holderOf(slot).orElseThrow();
    assertTrue(holder.pid() > 0);
    assertEquals(Optional.empty(), holder.holder(), "flock(1) writes no record");

    // The lock is shared with flock's child (sh, then sleep): it is free once every holder is gone.
    java.util.List<ProcessHandle> holders = new java.util.ArrayList<>(flock.descendants().toList());
    holders.add(flock.toHandle());
    holders.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : holders) {
      h.onExit().get(10, TimeUnit.SECONDS);
    }

    try (SlotClaim claim = allocator.tryClaim(slot, "java").orElseThrow()) {
      assertFalse(claim.needsReset());
    }
  }

  @Test
  void slotClaimedInJava_isSeenAsHeldByFlock1() throws Exception {
    Slot slot = layout.slot(2);
    try (SlotClaim claim = allocator.tryClaim(slot, "java").orElseThrow()) {
      assertEquals(1, children.flockTry(slot.lockFile()), "flock -n must fail while Java holds the slot");
    }
    assertEquals(0, children.flockTry(slot.lockFile()), "flock -n must succeed once released");
  }

  @Test
  void aReleasedClaim_keepsItsLockFileOpen_butHoldsNoLock_soFlock1AndTheNextClaimBothGetIt() throws Exception {
    Slot slot = layout.slot(3);
    allocator.tryClaim(slot, "first").orElseThrow().close();
    // Two descriptors: the one holding the flock, and the record's channel.
    assertEquals(2, openDescriptorsOf(slot.lockFile()), "the lock file stays open between claims");
    assertEquals(0, children.flockTry(slot.lockFile()), "flock -n must succeed once released");

    Process flock = children.flockHolding(slot.lockFile());
    assertEquals(Optional.empty(), allocator.tryClaim(slot, "second"), "the kept file does not bypass the kernel");
    java.util.List<ProcessHandle> holders = new java.util.ArrayList<>(flock.descendants().toList());
    holders.add(flock.toHandle());
    holders.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : holders) {
      h.onExit().get(10, TimeUnit.SECONDS);
    }

    try (SlotClaim claim = allocator.tryClaim(slot, "second").orElseThrow()) {
      assertEquals(Optional.empty(), allocator.tryClaim(slot, "third"), "held in this process: not claimable twice");
      assertEquals(2, openDescriptorsOf(slot.lockFile()), "the kept file was reused");
    }
  }

  @Test
  void aJvmHoldingASlotThroughItsKeptLockFile_freesItWhenKilled() throws Exception {
    Slot slot = layout.slot(1);
    Process child = children.javaHolding(home, 1, "child-jvm", true);
    assertEquals(Optional.empty(), allocator.tryClaim(slot, "parent"));

    child.destroyForcibly(); // SIGKILL
    assertTrue(child.waitFor(10, TimeUnit.SECONDS));

    SlotClaim claim = allocator.tryClaim(slot, "parent").orElseThrow(
        () -> new AssertionError("the kernel must drop a dead process's flock at once"));
    assertTrue(claim.needsReset(), "the child died holding the slot");
    claim.close();
  }

  @Test
  void aLockFileDeletedBetweenClaims_isReopened_soAnotherProcessOnTheNewFileIsSeen() throws Exception {
    Slot slot = layout.slot(0);
    allocator.tryClaim(slot, "first").orElseThrow().close();
    java.nio.file.Files.delete(slot.lockFile());
    Process flock = children.flockHolding(slot.lockFile()); // creates and locks a new file at the path

    assertEquals(Optional.empty(), allocator.tryClaim(slot, "second"),
        "a kept descriptor on the deleted file must not count as holding the slot");
    flock.descendants().forEach(ProcessHandle::destroyForcibly);
    flock.destroyForcibly();
    flock.onExit().get(10, TimeUnit.SECONDS);
  }

  /** How many of this process's descriptors are open on this file. */
  private static long openDescriptorsOf(Path file) throws Exception {
    Path real = file.toRealPath();
    try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return java.nio.file.Files.readSymbolicLink(fd).equals(real);
        } catch (Exception e) {
          return false;
        }
      }).count();
    }
  }
}
