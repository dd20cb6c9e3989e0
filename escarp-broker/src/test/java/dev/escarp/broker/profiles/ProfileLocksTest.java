package dev.escarp.broker.profiles;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One holder per profile; waiters are served first come, first served; a wait that runs out gives up. */
class ProfileLocksTest {

  private final ProfileLocks locks = new ProfileLocks();

  @Test
  void release_handsTheProfileToTheWaitersInTheOrderTheyCame() {
    assertTrue(locks.acquire("p", Duration.ZERO).join());
    CompletableFuture<Boolean> second = locks.acquire("p", Duration.ofMinutes(1));
    CompletableFuture<Boolean> third = locks.acquire("p", Duration.ofMinutes(1));
    assertEquals(2, locks.waiting("p"));

    locks.release("p");
    assertTrue(second.join());
    assertFalse(third.isDone(), "the third waits for the second");
    locks.release("p");
    assertTrue(third.join());
    locks.release("p");
    assertFalse(locks.isHeld("p"));
  }

  @Test
  void acquire_withoutWait_isRefusedAtOnceWhileHeld_andOtherProfilesAreIndependent() {
    assertTrue(locks.acquire("p", Duration.ZERO).join());
    assertFalse(locks.acquire("p", Duration.ZERO).join());
    assertTrue(locks.acquire("q", Duration.ZERO).join());
  }

  @Test
  void aWaitThatRunsOut_givesUpAndLeavesTheQueue() {
    assertTrue(locks.acquire("p", Duration.ZERO).join());
    CompletableFuture<Boolean> waiter = locks.acquire("p", Duration.ofMillis(50));
    await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
    assertFalse(waiter.join());
    assertEquals(0, locks.waiting("p"));
    locks.release("p");
    assertFalse(locks.isHeld("p"), "nobody was left to hand it to");
  }
}
