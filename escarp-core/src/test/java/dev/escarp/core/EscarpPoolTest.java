package dev.escarp.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.lock.SlotAllocator;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscarpPoolTest {

  @TempDir Path home;
  private final List<Integer> resets = new CopyOnWriteArrayList<>();
  private final SlotResetter recording = slot -> resets.add(slot.index());

  private EscarpPool open(int size) {
    return EscarpPool.builder().home(home).environment(Map.of()).poolSize(size).resetter(recording).build();
  }

  @Test
  void build_readsPoolJsonFromTheHome_andTheEnvironmentOverridesIt() {
    new PoolConfigStore(new EscarpHome(home)).save(PoolConfig.defaults().withPoolSize(6).withCdpBase(30000));

    EscarpPool pool = EscarpPool.builder().home(home).environment(Map.of("ESCARP_CDP_BASE", "31000"))
        .resetter(recording).build();

    assertEquals(6, pool.slots().size());
    assertEquals(31000, pool.slots().get(0).cdpPort());
    assertEquals(List.of(), pool.configProblems());
  }

  @Test
  void build_findsTheHomeThroughEscarpHome() {
    EscarpPool pool = EscarpPool.builder().environment(Map.of("ESCARP_HOME", home.toString())).resetter(recording).build();

    assertEquals(home.toAbsolutePath(), pool.home().root());
  }

  @Test
  void claim_givesTheLowestFreeSlot_andCloseResetsMarksCleanAndUnlocks() throws Exception {
    try (EscarpPool pool = open(2)) {
      ClaimedSlot first = pool.claim("test-a", Duration.ofSeconds(1)).orElseThrow();
      ClaimedSlot second = pool.tryClaim("test-b").orElseThrow();
      assertEquals(0, first.slot().index());
      assertEquals(1, second.slot().index());
      assertEquals(Optional.empty(), pool.tryClaim("test-c"));
      assertEquals("test-a", pool.holderOf(0).orElseThrow().holder().orElseThrow());

      first.close();
      first.close();

      assertEquals(List.of(0), resets, "closing resets once");
      ClaimedSlot again = pool.tryClaim("test-c").orElseThrow();
      assertEquals(0, again.slot().index());
      assertEquals(List.of(0), resets, "a slot closed clean is not reset again on claim");
      again.close();
      second.close();
    }
  }

  @Test
  void claim_ofASlotLeftDirtyByACrashedHolder_resetsItBeforeHandingItOver() throws Exception {
    try (EscarpPool pool = open(1)) {
      new SlotAllocator(Clock.system()).tryClaim(pool.layout().slot(0), "crashed").orElseThrow().close();

      try (ClaimedSlot claimed = pool.claim("next", Duration.ofSeconds(1)).orElseThrow()) {
        assertEquals(List.of(0), resets);
        assertEquals("next", claimed.holder());
        assertEquals("next", pool.holderOf(0).orElseThrow().holder().orElseThrow());
      }
    }
  }

  @Test
  void claim_whenTheResetOfADirtySlotFails_looksElsewhere() throws Exception {
    EscarpPool pool = EscarpPool.builder().home(home).environment(Map.of()).poolSize(2)
        .resetter(slot -> {
          if (slot.index() == 0) {
            throw new IllegalStateException("browser gone");
          }
        }).build();
    new SlotAllocator(Clock.system()).tryClaim(pool.layout().slot(0), "crashed").orElseThrow().close();

    try (ClaimedSlot claimed = pool.claim("next", Duration.ofSeconds(1)).orElseThrow()) {
      assertEquals(1, claimed.slot().index());
    }
    assertFalse(pool.holderOf(0).isPresent());
  }

  @Test
  void claim_waitsForASlotToFreeUp() throws Exception {
    try (EscarpPool pool = open(1)) {
      ClaimedSlot held = pool.tryClaim("first").orElseThrow();
      CompletableFuture<ClaimedSlot> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          return pool.claim("second", Duration.ofSeconds(30)).orElseThrow();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });

      await("the claim keeps waiting while the only slot is held")
          .during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(() -> !waiting.isDone());
      assertTrue(held.isOpen());

      held.close();
      try (ClaimedSlot claimed = waiting.get(10, TimeUnit.SECONDS)) {
        assertTrue(claimed.isOpen());
        assertEquals(0, claimed.slot().index());
        assertEquals("second", pool.holderOf(0).orElseThrow().holder().orElseThrow());
      }
    }
  }

  @Test
  void build_withoutAResetter_failsNamingTheStockOnes() {
    EscarpPool.Builder builder = EscarpPool.builder().home(home).environment(Map.of());

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertTrue(e.getMessage().contains("needs a resetter") && e.getMessage().contains("CdpResetters.clean()"), e.getMessage());
  }

  @Test
  void builderSettings_mayBeGivenOnlyOnce() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EscarpPool.builder().poolSize(1).poolSize(2));
    assertEquals("poolSize was already set", e.getMessage());
  }
}
