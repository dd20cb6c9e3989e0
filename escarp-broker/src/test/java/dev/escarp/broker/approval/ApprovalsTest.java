package dev.escarp.broker.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A pending approval ends once: approved, rejected, timed out or withdrawn, whichever comes first. */
class ApprovalsTest {

  /** Timers that fire when the test says so. */
  private final List<Runnable> timers = new ArrayList<>();
  private final Scheduler scheduler = new Scheduler() {
    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
      timers.add(task);
      return () -> timers.remove(task);
    }

    @Override
    public void close() {}
  };
  private final Approvals approvals = new Approvals(scheduler);

  @Test
  void approve_answersTheWait_showsNoLongerPending_andIsRememberedForTheSaveBack() {
    CompletableFuture<Approvals.Outcome> outcome = approvals.await("id1", 3, Duration.ofSeconds(60));
    assertEquals(Optional.of("pending"), approvals.approvalOf("id1"));
    assertEquals(Optional.of(3), approvals.approve("id1"));
    assertEquals(Approvals.Outcome.APPROVED, outcome.join());
    assertEquals(Optional.empty(), approvals.approvalOf("id1"));
    assertTrue(approvals.wasApproved("id1"));
    assertTrue(timers.isEmpty(), "the timeout is cancelled");
    assertEquals(Optional.empty(), approvals.reject("id1"), "a decided lease cannot be decided again");
  }

  @Test
  void theTimeout_endsTheWaitAsTimedOut_andALateApprovalFindsNothing() {
    CompletableFuture<Approvals.Outcome> outcome = approvals.await("id2", 0, Duration.ofSeconds(1));
    new ArrayList<>(timers).forEach(Runnable::run);
    assertEquals(Approvals.Outcome.TIMED_OUT, outcome.join());
    assertEquals(Optional.empty(), approvals.approve("id2"));
    assertFalse(approvals.wasApproved("id2"));
  }

  @Test
  void rejectAndCancel_endTheWait_withoutApproving() {
    CompletableFuture<Approvals.Outcome> rejected = approvals.await("id3", 0, Duration.ofSeconds(60));
    CompletableFuture<Approvals.Outcome> cancelled = approvals.await("id4", 1, Duration.ofSeconds(60));
    approvals.reject("id3");
    approvals.cancel("id4");
    assertEquals(Approvals.Outcome.REJECTED, rejected.join());
    assertEquals(Approvals.Outcome.CANCELLED, cancelled.join());
    assertFalse(approvals.wasApproved("id3") || approvals.wasApproved("id4"));
  }
}
