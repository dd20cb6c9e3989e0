package dev.escarp.core.lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import dev.escarp.core.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotAllocatorTest {

  @TempDir Path home;
  private SlotLayout layout;
  private SlotAllocator allocator;

  @BeforeEach
  void setUp() {
    layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    allocator = new SlotAllocator(Clock.system());
  }

  private JsonNode record(Slot slot) throws Exception {
    return new ObjectMapper().readTree(Files.readAllBytes(slot.lockFile()));
  }

  @Test
  void tryClaim_freeSlot_succeedsAndWritesAnInUseRecord() throws Exception {
    Slot slot = layout.slot(0);

    try (SlotClaim claim = allocator.tryClaim(slot, "tester").orElseThrow()) {
      JsonNode record = record(slot);
      assertEquals(ProcessHandle.current().pid(), record.get("pid").asLong());
      assertEquals("tester", record.get("holder").asText());
      assertEquals("in_use", record.get("state").asText());
      assertTrue(record.get("since").asDouble() > 1.6e9);
      assertFalse(claim.needsReset(), "a never-used slot needs no reset");
    }
  }

  @Test
  void tryClaim_slotHeldInThisProcess_isRefused() {
    Slot slot = layout.slot(0);
    try (SlotClaim first = allocator.tryClaim(slot, "first").orElseThrow()) {
      assertEquals(Optional.empty(), allocator.tryClaim(slot, "second"));
      assertEquals(Optional.empty(), new SlotAllocator(Clock.system()).tryClaim(slot, "other allocator"));
    }
  }

  @Test
  void close_thenClaim_succeeds_andCloseTwiceIsHarmless() {
    Slot slot = layout.slot(0);
    SlotClaim first = allocator.tryClaim(slot, "first").orElseThrow();
    first.close();
    first.close();

    assertTrue(allocator.tryClaim(slot, "second").isPresent());
  }

  @Test
  void claim_afterHolderLeftWithoutMarkingClean_reportsThatAResetIsNeeded() {
    Slot slot = layout.slot(0);
    allocator.tryClaim(slot, "sloppy").orElseThrow().close();

    try (SlotClaim next = allocator.tryClaim(slot, "next").orElseThrow()) {
      assertTrue(next.needsReset());
    }
  }

  @Test
  void claim_afterMarkClean_needsNoReset() throws Exception {
    Slot slot = layout.slot(0);
    try (SlotClaim claim = allocator.tryClaim(slot, "tidy").orElseThrow()) {
      claim.markClean();
      assertEquals("clean", record(slot).get("state").asText());
    }

    try (SlotClaim next = allocator.tryClaim(slot, "next").orElseThrow()) {
      assertFalse(next.needsReset());
    }
  }

  @Test
  void reassign_rewritesTheRecordForTheNewHolder() throws Exception {
    Slot slot = layout.slot(0);
    try (SlotClaim claim = allocator.tryClaim(slot, "first").orElseThrow()) {
      claim.markClean();
      claim.reassign("second");
      assertEquals("second", record(slot).get("holder").asText());
      assertEquals("in_use", record(slot).get("state").asText());
      assertEquals("second", claim.holder());
    }
  }

  @Test
  void tryClaimFirstFree_skipsHeldSlots() {
    List<Slot> slots = layout.slots(3);
    try (SlotClaim zero = allocator.tryClaim(slots.get(0), "a").orElseThrow();
        SlotClaim next = allocator.tryClaimFirstFree(slots, "b").orElseThrow()) {
      assertEquals(1, next.slot().index());
    }
  }

  @Test
  void holderOf_reportsPidHolderAndSince_withoutDisturbingTheClaim() {
    Slot slot = layout.slot(0);
    assertEquals(Optional.empty(), allocator.holderOf(slot));
    try (SlotClaim claim = allocator.tryClaim(slot, "observed").orElseThrow()) {
      SlotHolder holder = allocator.holderOf(slot).orElseThrow();
      assertEquals(ProcessHandle.current().pid(), holder.pid());
      assertEquals(Optional.of("observed"), holder.holder());
      assertTrue(holder.since().isPresent());
      assertTrue(claim.isOpen());
      assertEquals(Optional.empty(), allocator.tryClaim(slot, "intruder"), "still held after the probe");
    }
    assertEquals(Optional.empty(), allocator.holderOf(slot));
  }

  @Test
  void claim_withTimeout_isWokenPromptlyWhenASlotIsReleasedInProcess() throws Exception {
    // Polling for releases only once a minute: waking within a second must come from the release itself.
    SlotAllocator slowPolling = new SlotAllocator(Clock.system(), Duration.ofMinutes(1));
    List<Slot> slots = layout.slots(1);
    SlotClaim held = slowPolling.tryClaim(slots.get(0), "holder").orElseThrow();
    CompletableFuture<Optional<SlotClaim>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return slowPolling.claim(slots, "waiter", Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    await("the claim waits while the slot is held")
        .during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> !waiting.isDone());

    long released = System.nanoTime();
    held.close();
    SlotClaim got = waiting.get(5, TimeUnit.SECONDS).orElseThrow();
    long wokeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);

    assertEquals(0, got.slot().index());
    assertTrue(wokeMillis < 1000, "woken after " + wokeMillis + " ms");
    got.close();
  }

  @Test
  void claim_withTimeout_givesUpWhenNothingFrees() throws Exception {
    List<Slot> slots = layout.slots(1);
    try (SlotClaim held = allocator.tryClaim(slots.get(0), "holder").orElseThrow()) {
      long start = System.nanoTime();
      assertEquals(Optional.empty(), allocator.claim(slots, "waiter", Duration.ofMillis(150)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150));
    }
  }

  @Test
  void tryClaim_blankHolder_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> allocator.tryClaim(layout.slot(0), " "));
  }

  @Test
  void operationsOnAClosedClaim_failClearly() {
    SlotClaim claim = allocator.tryClaim(layout.slot(0), "a").orElseThrow();
    claim.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, claim::markClean);
    assertEquals("the claim on slot 0 is closed", e.getMessage());
  }
}
