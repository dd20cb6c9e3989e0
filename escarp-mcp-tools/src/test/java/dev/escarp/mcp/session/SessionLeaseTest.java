package dev.escarp.mcp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.Refusal;
import dev.escarp.mcp.tools.testing.FakeBackend;
import dev.escarp.mcp.tools.testing.ManualHeartbeats;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SessionLeaseTest {

  private static final AcquireRequest ANY = AcquireRequest.anySlot("agent");
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeBackend backend = new FakeBackend(Optional.of(Duration.ofSeconds(20)));
  private final ManualHeartbeats heartbeats = new ManualHeartbeats();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final SessionLease session = new SessionLease(backend, heartbeats, InstantSource.fixed(NOW), log::add);

  @Test
  void acquire_heartbeatsAtTheLeasesInterval() {
    assertInstanceOf(SessionAcquire.Acquired.class, session.acquire(ANY));
    assertEquals(List.of(Duration.ofSeconds(20)), heartbeats.activeIntervals());
    heartbeats.beat();
    heartbeats.beat();
    assertEquals(2, backend.granted().get(0).heartbeats());
  }

  @Test
  void aLeaseThatCannotExpire_isNotHeartbeaten() {
    SessionLease embedded = new SessionLease(new FakeBackend(Optional.empty()), heartbeats, InstantSource.system(), log::add);
    embedded.acquire(ANY);
    assertEquals(List.of(), heartbeats.activeIntervals());
  }

  @Test
  void aSecondAcquire_returnsTheLeaseAlreadyHeld_withoutAskingTheBackend() {
    SessionAcquire.Acquired first = (SessionAcquire.Acquired) session.acquire(ANY);
    SessionAcquire.AlreadyHolding second = assertInstanceOf(SessionAcquire.AlreadyHolding.class, session.acquire(ANY));
    assertSame(first.lease(), second.lease());
    assertEquals(1, backend.granted().size());
  }

  @Test
  void aRefusal_leavesTheSessionEmpty() {
    backend.refuseWith(Refusal.of("pool_exhausted", "full"));
    SessionAcquire.Refused refused = assertInstanceOf(SessionAcquire.Refused.class, session.acquire(ANY));
    assertEquals("pool_exhausted", refused.refusal().error());
    assertTrue(session.holding().isEmpty());
  }

  @Test
  void aHeartbeatSayingTheBrowserWasRelaunched_isPassedOn_andANewLeaseStartsAtZero() {
    session.acquire(ANY);
    assertEquals(0, session.browserRestarts().orElseThrow());
    FakeBackend.Lease lease = backend.granted().get(0);
    lease.answerHeartbeatsWith(new HeartbeatOutcome.Renewed(1));
    heartbeats.beat();

    assertEquals(1, session.browserRestarts().orElseThrow());
    assertTrue(log.stream().anyMatch(l -> l.contains("slot 0") && l.contains("relaunched")), log.toString());
    assertTrue(session.holding().isPresent(), "the lease is kept: the browser came back on its slot");
    heartbeats.beat();
    assertEquals(1, log.stream().filter(l -> l.contains("relaunched")).count(), "told once per restart");

    session.release();
    assertTrue(session.browserRestarts().isEmpty());
    session.acquire(ANY);
    assertEquals(0, session.browserRestarts().orElseThrow());
  }

  @Test
  void aHeartbeatTheBackendRefuses_losesTheLease_reportedOnceInTheNextResult_andInStatusUntilTheNextAcquire() {
    session.acquire(ANY);
    FakeBackend.Lease lease = backend.granted().get(0);
    lease.answerHeartbeatsWith(new HeartbeatOutcome.Lost("expired"));
    heartbeats.beat();

    assertTrue(session.holding().isEmpty());
    assertEquals(List.of(), heartbeats.activeIntervals(), "no more heartbeats for a lost lease");
    LostLease lost = session.takeUnreportedLoss().orElseThrow();
    assertEquals(0, lost.slot());
    assertTrue(lost.reason().contains("expired"), lost.reason());
    assertEquals(NOW, lost.noticedAt());
    assertTrue(session.takeUnreportedLoss().isEmpty(), "reported once");
    assertEquals(lost, session.lastLoss().orElseThrow(), "status keeps showing it");
    assertInstanceOf(SessionRelease.NotHolding.class, session.release());
    assertEquals(0, lease.releases(), "a lost lease is not released again");

    session.acquire(ANY);
    assertTrue(session.lastLoss().isEmpty(), "a new lease clears the old loss");
  }

  @Test
  void anUnansweredHeartbeat_keepsTheLease() {
    session.acquire(ANY);
    backend.granted().get(0).answerHeartbeatsWith(new HeartbeatOutcome.Unanswered("daemon busy"));
    heartbeats.beat();
    assertTrue(session.holding().isPresent());
    assertEquals(1, heartbeats.activeIntervals().size());
    assertTrue(log.stream().anyMatch(l -> l.contains("daemon busy")), log.toString());
  }

  @Test
  void theLeaseEndingElsewhere_isALoss() {
    session.acquire(ANY);
    backend.granted().get(0).endElsewhere("the daemon ended the lease on slot 0 (expired)");
    assertTrue(session.holding().isEmpty());
    assertTrue(session.takeUnreportedLoss().orElseThrow().reason().contains("expired"));
  }

  @Test
  void release_givesTheLeaseBack_andAnEndNoticedAfterwardsIsNoLoss() {
    session.acquire(ANY);
    FakeBackend.Lease lease = backend.granted().get(0);
    SessionRelease.Released released = assertInstanceOf(SessionRelease.Released.class, session.release());
    assertEquals(0, released.report().slot());
    assertEquals(1, lease.releases());
    assertEquals(List.of(), heartbeats.activeIntervals());

    lease.endElsewhere("released");
    assertTrue(session.lastLoss().isEmpty());
  }

  @Test
  void close_releasesExplicitly_once_andRefusesLaterAcquires() {
    session.acquire(ANY);
    session.close();
    session.close();
    assertEquals(1, backend.granted().get(0).releases());
    SessionAcquire.Refused refused = assertInstanceOf(SessionAcquire.Refused.class, session.acquire(ANY));
    assertEquals("shutting_down", refused.refusal().error());
  }
}
