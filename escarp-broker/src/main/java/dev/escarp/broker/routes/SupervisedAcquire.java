package dev.escarp.broker.routes;

import dev.escarp.broker.approval.Approvals;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.AcquireResult;
import dev.escarp.core.lease.HeartbeatResult;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An acquire with {@code tier: "supervised"}: leased and loaded with its profile as a delegated
 * lease is, then held in {@code approval: "pending"} until a human approves it ({@code POST
 * /approve}, {@code escarp approve}); only then is the lease, token and endpoints, answered. A
 * rejection, or no decision within what is left of {@code wait_s}, answers 403 {@code
 * not_approved} and releases the lease (its slot is wiped). While pending the daemon keeps the
 * lease alive itself; nothing waits on a thread: the reply is a future completed by the decision.
 */
final class SupervisedAcquire {

  /** How long a supervised acquire waits for a human when it gives no {@code wait_s}. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(300);

  private final LeaseTable table;
  private final ProfileAcquire profiles;
  private final Approvals approvals;
  private final Scheduler scheduler;
  private final Executor blocking;

  SupervisedAcquire(LeaseTable table, ProfileAcquire profiles, Approvals approvals, Scheduler scheduler,
      Executor blocking) {
    this.table = table;
    this.profiles = profiles;
    this.approvals = approvals;
    this.scheduler = scheduler;
    this.blocking = blocking;
  }

  CompletableFuture<AcquireResult> acquire(AcquireRequest request, String profile, ApiRequest http) {
    Duration wait = request.maxWait().orElse(DEFAULT_WAIT);
    long started = System.nanoTime();
    return profiles.acquire(request, profile, wait).thenCompose(result -> {
      if (!(result instanceof AcquireResult.Granted granted)) {
        return CompletableFuture.completedFuture(result);
      }
      Lease lease = granted.lease();
      Duration left = wait.minusNanos(System.nanoTime() - started);
      CompletableFuture<Approvals.Outcome> decided =
          approvals.await(lease.leaseId(), lease.slot().index(), left.isNegative() ? Duration.ZERO : left);
      keepAlive(lease, decided);
      http.connectionClosed().thenRun(() -> approvals.cancel(lease.leaseId()));
      return decided.thenApplyAsync(outcome -> answer(lease, outcome), blocking);
    });
  }

  private AcquireResult answer(Lease lease, Approvals.Outcome outcome) {
    if (outcome == Approvals.Outcome.APPROVED) {
      // A fresh TTL from the approval: the holder's clock starts now.
      if (table.heartbeat(lease.token()) instanceof HeartbeatResult.Renewed renewed) {
        return new AcquireResult.Granted(renewed.lease());
      }
      throw new CompletionException(new ApiException(403, "not_approved",
          "the supervised lease ended before it was approved"));
    }
    table.release(lease.token()); // its end wipes the slot; the profile is not saved
    throw new CompletionException(new ApiException(403, "not_approved", switch (outcome) {
      case REJECTED -> "a human rejected the supervised lease";
      case TIMED_OUT -> "no human approved the supervised lease within wait_s; ask again, or approve it sooner"
          + " (escarp approve LEASE_ID, or POST /approve)";
      default -> "the supervised lease was withdrawn: its client went away";
    }));
  }

  /** Heartbeats a pending lease every third of the TTL, so it outlives a slow human. */
  private void keepAlive(Lease lease, CompletableFuture<Approvals.Outcome> decided) {
    long every = Math.max(1, table.leaseTtl().toNanos() / 3);
    AtomicReference<Scheduler.Cancellable> timer = new AtomicReference<>();
    Runnable[] beat = new Runnable[1];
    beat[0] = () -> {
      if (!decided.isDone() && table.heartbeat(lease.token()) instanceof HeartbeatResult.Renewed) {
        timer.set(scheduler.schedule(beat[0], every));
      }
    };
    timer.set(scheduler.schedule(beat[0], every));
    decided.whenComplete((o, e) -> timer.get().cancel());
  }
}
