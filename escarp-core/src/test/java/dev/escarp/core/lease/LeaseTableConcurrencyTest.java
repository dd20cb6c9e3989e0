package dev.escarp.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads, two tables (as two daemons would be) and one small pool, for a few seconds: at
 * no instant does a slot have two holders, no slot is reset while held, and every waiter is
 * either served or told the pool is exhausted.
 */
class LeaseTableConcurrencyTest {

  private static final int POOL = 3;
  private static final int THREADS = 12;
  private static final Duration RUN_FOR = Duration.ofSeconds(3);

  @TempDir Path home;

  @Test
  void manyThreadsOnTwoTables_neverShareASlot_andEveryWaiterIsAnswered() throws Exception {
    SlotLayout layout = new SlotLayout(new EscarpHome(home), 9222, "autonomous");
    AtomicReferenceArray<String> holderOf = new AtomicReferenceArray<>(POOL);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    SlotResetter checkingResetter = slot -> {
      String holder = holderOf.get(slot.index());
      if (holder != null) {
        violations.add("slot " + slot.index() + " reset while held by " + holder);
      }
    };
    LeaseThreads eastThreads = LeaseThreads.start("east", POOL);
    LeaseThreads westThreads = LeaseThreads.start("west", POOL);
    LeaseTable east = LeaseTable.builder(layout, POOL).resetter(checkingResetter).threads(eastThreads)
        .leaseTtl(Duration.ofSeconds(30)).journal(home.resolve("east.json")).build();
    LeaseTable west = LeaseTable.builder(layout, POOL).resetter(checkingResetter).threads(westThreads)
        .leaseTtl(Duration.ofSeconds(30)).journal(home.resolve("west.json")).build();
    east.start();
    west.start();

    AtomicInteger grants = new AtomicInteger();
    AtomicInteger exhausted = new AtomicInteger();
    AtomicInteger waitsServed = new AtomicInteger();
    AtomicInteger waitsTimedOut = new AtomicInteger();
    long stopAt = System.nanoTime() + RUN_FOR.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      LeaseTable table = t % 2 == 0 ? east : west;
      String name = (t % 2 == 0 ? "east-" : "west-") + t;
      workers.add(CompletableFuture.runAsync(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < stopAt) {
          boolean waits = random.nextBoolean();
          AcquireResult result;
          if (waits) {
            result = table.acquire(AcquireRequest.anySlot(name), Duration.ofMillis(200))
                .orTimeout(5, TimeUnit.SECONDS).join(); // a waiter left hanging fails the test here
            if (result instanceof AcquireResult.Granted) {
              waitsServed.incrementAndGet();
            } else {
              waitsTimedOut.incrementAndGet();
            }
          } else {
            result = table.acquire(AcquireRequest.anySlot(name));
          }
          if (!(result instanceof AcquireResult.Granted granted)) {
            exhausted.incrementAndGet();
            continue;
          }
          int slot = granted.lease().slot().index();
          if (!holderOf.compareAndSet(slot, null, name)) {
            violations.add("slot " + slot + " granted to " + name + " while held by " + holderOf.get(slot));
            continue;
          }
          grants.incrementAndGet();
          busyFor(random.nextInt(0, 500));
          holderOf.set(slot, null);
          if (!(table.release(granted.lease().token()) instanceof ReleaseResult.Released)) {
            violations.add("release of slot " + slot + " by " + name + " was refused");
          }
        }
      }, pool));
    }
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    pool.shutdown();
    east.close();
    west.close();
    eastThreads.close();
    westThreads.close();

    assertEquals(List.of(), List.copyOf(violations));
    assertTrue(grants.get() > 100, "too little happened to prove anything: " + grants.get() + " grants");
    assertTrue(waitsServed.get() > 0, "no waiter was ever served");
    assertTrue(exhausted.get() > 0, "the pool was never full: the test did not contend");
  }

  private static void busyFor(long micros) {
    long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }
}
