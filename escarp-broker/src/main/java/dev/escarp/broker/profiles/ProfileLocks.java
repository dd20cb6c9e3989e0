package dev.escarp.broker.profiles;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One lease per auth profile: a profile is held from the acquire that loads it until its lease
 * ends; who asks for a held profile waits first come, first served (like a per-site lock), or is
 * refused at once with no wait. Thread-safe; futures complete outside the monitor.
 */
public final class ProfileLocks {

  private final Set<String> held = new HashSet<>();
  private final Map<String, ArrayDeque<CompletableFuture<Boolean>>> waiting = new HashMap<>();

  /**
   * Completes with true once the caller holds the profile (at once if free), or false when
   * {@code wait} ran out first. The caller must {@link #release} what it got.
   */
  public CompletableFuture<Boolean> acquire(String name, Duration wait) {
    CompletableFuture<Boolean> turn = new CompletableFuture<>();
    synchronized (this) {
      if (held.add(name)) {
        return CompletableFuture.completedFuture(true);
      }
      if (wait.isZero() || wait.isNegative()) {
        return CompletableFuture.completedFuture(false);
      }
      waiting.computeIfAbsent(name, n -> new ArrayDeque<>()).add(turn);
    }
    CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
      synchronized (this) {
        ArrayDeque<CompletableFuture<Boolean>> queue = waiting.get(name);
        if (queue == null || !queue.remove(turn)) {
          return; // already given the profile
        }
        if (queue.isEmpty()) {
          waiting.remove(name);
        }
      }
      turn.complete(false);
    });
    return turn;
  }

  /** Marks a profile held without waiting (a lease restored after a restart). */
  public synchronized void hold(String name) {
    held.add(name);
  }

  /** Hands the profile to its first waiter, or frees it. */
  public void release(String name) {
    CompletableFuture<Boolean> next;
    synchronized (this) {
      ArrayDeque<CompletableFuture<Boolean>> queue = waiting.get(name);
      next = queue == null ? null : queue.poll();
      if (queue != null && queue.isEmpty()) {
        waiting.remove(name);
      }
      if (next == null) {
        held.remove(name);
        return;
      }
    }
    next.complete(true); // still held, now by the waiter
  }

  /** How many acquires wait for the profile. */
  public synchronized int waiting(String name) {
    ArrayDeque<CompletableFuture<Boolean>> queue = waiting.get(name);
    return queue == null ? 0 : queue.size();
  }

  public synchronized boolean isHeld(String name) {
    return held.contains(name);
  }
}
