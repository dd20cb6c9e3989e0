package dev.escarp.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.core.lease.AcquireRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real daemon over two real browsers. */
class HttpBrokerClientTest {

  @TempDir static Path home;
  static TestDaemon daemon;
  static BrokerClient client;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 2, Map.of()).start();
    client = new HttpBrokerClient(URI.create("http://127.0.0.1:" + daemon.api().port()),
        Optional.empty(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @AfterEach
  void everyTestLeavesThePoolFree() throws Exception {
    awaitAllFree();
  }

  @Test
  void acquireHeartbeatRelease_roundTripThroughTheWireContract() {
    LeaseRecord lease = client.acquire(AcquireRequest.anySlot("client-test")).orElseThrow();
    assertEquals(0, lease.slot());
    assertFalse(lease.leaseToken().isEmpty());
    assertTrue(lease.cdpWsUrl().orElseThrow().startsWith("ws://127.0.0.1:"));
    assertFalse(lease.withoutToken().has("lease_token"), "the display form drops the token");

    SlotRecord shown = client.status().orElseThrow().slot(0).orElseThrow();
    assertEquals("leased", shown.state());
    assertEquals("client-test", shown.holder().orElseThrow());

    LeaseRecord renewed = client.heartbeat(lease.leaseToken()).orElseThrow();
    assertTrue(renewed.expiresAt().getAsDouble() >= lease.expiresAt().getAsDouble());

    SlotRecord released = client.release(lease.leaseToken()).orElseThrow();
    assertEquals(0, released.slot());
  }

  @Test
  void fullPool_isARefusalNamedPoolExhausted_withTheSnapshot() {
    String a = client.acquire(AcquireRequest.anySlot("a")).orElseThrow().leaseToken();
    String b = client.acquire(AcquireRequest.anySlot("b")).orElseThrow().leaseToken();
    try {
      BrokerResult<LeaseRecord> third = client.acquire(AcquireRequest.anySlot("c"));
      BrokerResult.Refused<LeaseRecord> refused = assertInstanceOf(BrokerResult.Refused.class, third);
      assertEquals(409, refused.error().status());
      assertTrue(refused.error().is("pool_exhausted"));
      assertEquals(2, refused.error().body().path("snapshot").size());
    } finally {
      client.release(a);
      client.release(b);
    }
  }

  @Test
  void unknownLease_isRefusedWithoutEchoingTheToken() {
    String token = "not-a-real-token-0123456789";
    BrokerResult<LeaseRecord> result = client.heartbeat(token);
    BrokerResult.Refused<LeaseRecord> refused = assertInstanceOf(BrokerResult.Refused.class, result);
    assertTrue(refused.error().is("unknown_lease"));
    assertFalse(refused.failureMessage().contains(token));
  }

  @Test
  void nothingListening_isUnreachable_withAHint() {
    BrokerClient nowhere = new HttpBrokerClient(URI.create("http://127.0.0.1:" + LoopbackPorts.freePort()),
        Optional.empty(), Duration.ofSeconds(2));
    BrokerResult<PoolStatus> result = nowhere.status();
    assertInstanceOf(BrokerResult.Unreachable.class, result);
    assertTrue(result.failureMessage().contains("escarp up"), result.failureMessage());
    assertFalse(nowhere.isServing());
  }

  @Test
  void closingAHold_releasesTheLeaseWithinASecond() throws Exception {
    LeaseRecord lease = client.acquire(AcquireRequest.anySlot("holder")).orElseThrow();
    LeaseHold hold = client.hold(lease.leaseToken()).orElseThrow();
    awaitStaysOpen(hold);

    long closed = System.nanoTime();
    hold.close();
    awaitAllFree();
    assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(1), "released within 1 s");
    assertInstanceOf(BrokerResult.Refused.class, client.heartbeat(lease.leaseToken()));
  }

  @Test
  void aHold_isAnsweredWhenTheLeaseIsReleasedElsewhere() throws Exception {
    LeaseRecord lease = client.acquire(AcquireRequest.anySlot("holder")).orElseThrow();
    try (LeaseHold hold = client.hold(lease.leaseToken()).orElseThrow()) {
      // The hold and the release travel on separate connections: let the hold arrive first.
      awaitStaysOpen(hold);
      client.release(lease.leaseToken()).orElseThrow();
      SlotRecord last = hold.ended().get(5, TimeUnit.SECONDS).orElseThrow();
      assertEquals(lease.slot(), last.slot());
      assertEquals("released", last.json().path("ended").asText());
    }
  }

  @Test
  void aHoldOnAnUnknownLease_endsRefused() throws Exception {
    try (LeaseHold hold = client.hold("no-such-lease-token-abcdef").orElseThrow()) {
      BrokerResult<SlotRecord> result = hold.ended().get(5, TimeUnit.SECONDS);
      assertInstanceOf(BrokerResult.Refused.class, result);
    }
  }

  private static void awaitStaysOpen(LeaseHold hold) {
    await("a hold stays open while the lease lives").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> !hold.ended().isDone());
  }

  private static void awaitAllFree() {
    await("every slot free").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> {
          PoolStatus status = client.status().orElseThrow();
          assertTrue(status.slots().stream().allMatch(s -> s.state().equals("free")), status.json().toString());
        });
  }
}
