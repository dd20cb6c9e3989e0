package dev.escarp.mcp.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.lock.SlotClaim;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.ReleaseReport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A slot this process claimed itself: the flock is the lease. It cannot expire and cannot be taken
 * away; it ends with {@link #release()} or with this process. Its browser is watched by the
 * {@link EmbeddedHealer}, which relaunches it if it dies and notes that in the record.
 */
final class EmbeddedLease implements HeldLease {

  private final SlotClaim claim;
  private final SlotResetter resetter;
  private final String policy;
  private final ObjectNode record;
  private final Runnable onRelease;
  private ReleaseReport released;
  private int browserRestarts;

  EmbeddedLease(SlotClaim claim, SlotResetter resetter, String policy, ObjectNode record, Runnable onRelease) {
    this.claim = claim;
    this.resetter = resetter;
    this.policy = policy;
    this.record = record;
    this.onRelease = onRelease;
  }

  @Override
  public int slot() {
    return claim.slot().index();
  }

  @Override
  public synchronized ObjectNode record() {
    return record.deepCopy();
  }

  Slot slotRecord() {
    return claim.slot();
  }

  synchronized boolean isReleased() {
    return released != null;
  }

  /** The shim relaunched this slot's dead browser: the record leads to the new one and says so. */
  synchronized void browserRestarted(String webSocketUrl, long pid) {
    browserRestarts++;
    record.put("cdp_ws_url", webSocketUrl);
    record.put("pid", pid);
    record.put("problem", "browser_restarted");
    record.put("browser_restarts", browserRestarts);
  }

  @Override
  public Optional<Duration> heartbeatInterval() {
    return Optional.empty();
  }

  @Override
  public synchronized HeartbeatOutcome heartbeat() {
    return new HeartbeatOutcome.Renewed(browserRestarts);
  }

  @Override
  public CompletableFuture<String> endedElsewhere() {
    return new CompletableFuture<>();
  }

  /** Resets the browser, marks the slot clean and unlocks it; a failed reset leaves it marked dirty. */
  @Override
  public synchronized ReleaseReport release() {
    if (released != null) {
      return released;
    }
    long start = System.nanoTime();
    String reset;
    boolean failed = false;
    try {
      resetter.reset(claim.slot());
      claim.markClean();
      reset = policy + " reset done in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms";
    } catch (Exception e) {
      // The lock record still says in_use, so whoever claims the slot next resets it first.
      failed = true;
      reset = "the browser could not be reset (" + e.getMessage() + "); the next holder resets it before use";
    } finally {
      claim.close();
      onRelease.run();
    }
    released = new ReleaseReport(slot(), true, reset, failed, Optional.of("free"));
    return released;
  }
}
