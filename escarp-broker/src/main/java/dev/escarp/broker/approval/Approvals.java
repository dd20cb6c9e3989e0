package dev.escarp.broker.approval;

import dev.escarp.core.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Supervised leases waiting for a human: by lease id, until approved, rejected, timed out or
 * cancelled (the asking client went away). Memory only and thread-safe; nothing here blocks, so
 * routes may call it on an event loop. A lease approved here is remembered until {@link #forget}
 * so its end can save its profile back.
 */
public final class Approvals {

  /** How a wait for approval ended. */
  public enum Outcome {
    APPROVED,
    REJECTED,
    TIMED_OUT,
    CANCELLED
  }

  private record Pending(int slot, CompletableFuture<Outcome> outcome) {}

  private final Scheduler scheduler;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Set<String> approved = ConcurrentHashMap.newKeySet();

  public Approvals(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Puts the lease in {@code approval: "pending"}; the future completes with the outcome, with
   * {@code TIMED_OUT} once {@code wait} passes.
   */
  public CompletableFuture<Outcome> await(String leaseId, int slot, Duration wait) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    pending.put(leaseId, new Pending(slot, outcome));
    Scheduler.Cancellable timer = scheduler.schedule(() -> decide(leaseId, Outcome.TIMED_OUT),
        Math.max(0, wait.toNanos()));
    outcome.whenComplete((o, e) -> timer.cancel());
    return outcome;
  }

  /** {@code "pending"} while the lease waits for a human. */
  public Optional<String> approvalOf(String leaseId) {
    return pending.containsKey(leaseId) ? Optional.of("pending") : Optional.empty();
  }

  /** Approves a pending lease; its slot, or empty when no lease with that id is pending. */
  public Optional<Integer> approve(String leaseId) {
    return decide(leaseId, Outcome.APPROVED);
  }

  /** Rejects a pending lease; its slot, or empty when no lease with that id is pending. */
  public Optional<Integer> reject(String leaseId) {
    return decide(leaseId, Outcome.REJECTED);
  }

  /** The client that asked went away: the lease is not handed out. */
  public void cancel(String leaseId) {
    decide(leaseId, Outcome.CANCELLED);
  }

  /** Whether a human approved this lease (until {@link #forget}). */
  public boolean wasApproved(String leaseId) {
    return approved.contains(leaseId);
  }

  public void forget(String leaseId) {
    approved.remove(leaseId);
  }

  private Optional<Integer> decide(String leaseId, Outcome outcome) {
    Pending p = pending.remove(leaseId);
    if (p == null) {
      return Optional.empty();
    }
    if (outcome == Outcome.APPROVED) {
      approved.add(leaseId);
    }
    p.outcome().complete(outcome);
    return Optional.of(p.slot());
  }
}
