package dev.escarp.mcp.backend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.client.HttpBrokerClient;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.mcp.lease.AcquireOutcome;
import dev.escarp.mcp.lease.HeartbeatOutcome;
import dev.escarp.mcp.lease.HeldLease;
import dev.escarp.mcp.lease.ReleaseReport;
import dev.escarp.mcp.session.LostLease;
import dev.escarp.mcp.session.SessionAcquire;
import dev.escarp.mcp.session.SessionLease;
import dev.escarp.mcp.tools.testing.ManualHeartbeats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon backend in-process against a real daemon whose leases live 1 s without heartbeats. */
class DaemonBackendTest {

  private static final AcquireRequest ANY = AcquireRequest.anySlot("backend-test");
  /** The one slot may still be resetting after the previous test's lease: wait for it. */
  private static final AcquireRequest WAITING = AcquireRequest.anySlot("backend-test").withWait(Duration.ofSeconds(10));

  @TempDir static Path home;
  static TestDaemon daemon;
  static DaemonBackend backend;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 1, java.util.Map.of("ESCARP_LEASE_TTL_S", "1")).start();
    backend = new DaemonBackend(new HttpBrokerClient(URI.create("http://127.0.0.1:" + daemon.api().port()),
        Optional.empty(), Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void aLeaseThatIsNotHeartbeaten_expires_theHoldReportsIt_andItsHeartbeatIsLost() throws Exception {
    HeldLease lease = granted();
    assertEquals(333, lease.heartbeatInterval().orElseThrow().toMillis(), "TTL/3 of the daemon's 1 s TTL");

    String reason = lease.endedElsewhere().get(10, TimeUnit.SECONDS);
    assertTrue(reason.contains("expired"), reason);
    HeartbeatOutcome.Lost lost = assertInstanceOf(HeartbeatOutcome.Lost.class, lease.heartbeat());
    assertTrue(lost.reason().contains("no longer knows"), lost.reason());
    assertFalse(lease.release().released(), "releasing an expired lease says it was already gone");
  }

  @Test
  void aSessionWhoseBrowserDies_isToldItWasRelaunched_andKeepsItsLease() {
    ManualHeartbeats heartbeats = new ManualHeartbeats();
    SessionLease session = new SessionLease(backend, heartbeats, InstantSource.system(), line -> {});
    SessionAcquire.Acquired acquired = assertInstanceOf(SessionAcquire.Acquired.class, session.acquire(WAITING));
    long pid = acquired.lease().record().get("pid").asLong();
    assertTrue(pid > 0, acquired.lease().record().toString());

    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // the browser crashes

    // Heartbeats keep the 1 s lease; one of them brings the news (0 before issue 14, defect 3).
    await("the restart passed on").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          heartbeats.beat();
          return session.browserRestarts().orElse(-1) == 1;
        });
    assertEquals(0, session.holding().orElseThrow().slot(), "the lease is kept");
    assertEquals("browser_restarted", session.holding().orElseThrow().record().get("problem").asText());
    session.close();
  }

  @Test
  void aSessionWhoseLeaseExpires_reportsTheLoss() throws Exception {
    // Heartbeats that never run stand for a shim that was frozen (stopped, swapped out) for a TTL.
    SessionLease session = new SessionLease(backend, new ManualHeartbeats(), InstantSource.system(), line -> {});
    assertInstanceOf(SessionAcquire.Acquired.class, session.acquire(WAITING));
    await("the loss noticed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .until(() -> session.holding().isEmpty());
    LostLease loss = session.takeUnreportedLoss().orElseThrow();
    assertEquals(0, loss.slot());
    assertTrue(loss.reason().contains("expired"), loss.reason());
    session.close();
  }

  @Test
  void aReleasedLease_endsWithoutBeingReportedAsLost() throws Exception {
    HeldLease lease = granted();
    ReleaseReport report = lease.release();
    assertTrue(report.released());
    assertEquals(0, report.slot());
    // the hold's answer arrives; it must not count as a loss
    await("a released lease not reported as ended elsewhere").during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5)).until(() -> !lease.endedElsewhere().isDone());
  }

  private static HeldLease granted() {
    AcquireOutcome outcome = backend.acquire(WAITING);
    if (outcome instanceof AcquireOutcome.Refused refused) {
      throw new AssertionError("not granted: " + refused.refusal());
    }
    return ((AcquireOutcome.Granted) outcome).lease();
  }

  @Test
  void aFullPool_isRefusedWithRetryAdvice() {
    HeldLease held = granted();
    try {
      AcquireOutcome.Refused refused = assertInstanceOf(AcquireOutcome.Refused.class, backend.acquire(ANY));
      assertEquals("pool_exhausted", refused.refusal().error());
      assertTrue(refused.refusal().message().contains("slot 0 leased by 'backend-test'"), refused.refusal().message());
      assertTrue(refused.refusal().retryAfterSeconds().isPresent());
    } finally {
      held.release();
    }
  }
}
