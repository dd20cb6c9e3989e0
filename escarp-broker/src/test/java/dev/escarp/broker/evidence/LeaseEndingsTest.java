package dev.escarp.broker.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.reset.SlotResetter;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What runs at a lease's end, and in which order: the watchers, then the reset; once per ended lease. */
class LeaseEndingsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private final Slot slot = new SlotLayout(new EscarpHome(Path.of("/nonexistent")), 9222, "autonomous").slot(0);
  private final List<String> steps = new ArrayList<>();
  private final LeaseEndings endings = new LeaseEndings(List.of(new LeaseEndings.Watcher() {
    @Override
    public void beforeReset(LeaseEndings.Ended ended) {
      steps.add("watcher " + ended.reason());
    }

    @Override
    public void forgotten(Lease lease) {
      steps.add("forgotten " + lease.leaseId());
    }
  }), Clock.fixed(NOW, ZoneOffset.UTC));
  private final SlotResetter resetter = endings.around(new SlotResetter() {
    @Override
    public void reset(Slot s) {
      steps.add("reset");
    }

    @Override
    public void reset(Slot s, String policy) {
      steps.add("reset " + policy);
    }
  });

  private Lease lease(String id) {
    return new Lease(slot, "h", LeaseToken.of("t-" + id), OptionalInt.empty(), NOW, NOW, NOW,
        LeaseIdentity.autonomous(LeaseIdentity.TABS), id);
  }

  @Test
  void anEndedLease_runsItsWatchersBeforeTheReset_once_andThenCountsAsFinished() throws Exception {
    Lease lease = lease("a".repeat(32));
    endings.granted(lease);
    endings.ended(lease, LeaseEnd.Reason.EXPIRED);
    assertFalse(endings.finished(lease.leaseId()).isDone());

    resetter.reset(slot, "tabs");
    resetter.reset(slot, "clean"); // a later reset of the slot (no lease ended): the reset alone
    assertEquals(List.of("watcher EXPIRED", "reset tabs", "reset clean"), steps);
    assertTrue(endings.finished(lease.leaseId()).isDone());
  }

  @Test
  void aRemovedLease_isForgottenByTheWatchersAndFinishedAtOnce_forNoResetFollowsARemoval() {
    Lease lease = lease("b".repeat(32));
    endings.ended(lease, LeaseEnd.Reason.REMOVED);
    assertTrue(endings.finished(lease.leaseId()).isDone());
    assertEquals(List.of("forgotten " + lease.leaseId()), steps);
  }

  @Test
  void evidenceKeep_defaultsTo50_takesZero_andRefusesWhatIsNotACount() {
    assertEquals(50, Evidence.keepFromEnvironment(Map.of()));
    assertEquals(0, Evidence.keepFromEnvironment(Map.of("ESCARP_EVIDENCE_KEEP", "0")));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> Evidence.keepFromEnvironment(Map.of("ESCARP_EVIDENCE_KEEP", "-1")));
    assertTrue(bad.getMessage().contains("ESCARP_EVIDENCE_KEEP"), bad.getMessage());
  }
}
