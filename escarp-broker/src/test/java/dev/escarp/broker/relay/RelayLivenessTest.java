package dev.escarp.broker.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.CdpSocket;
import dev.escarp.broker.testing.DaemonPerClass;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Traffic through a lease's relay renews it as heartbeats do; ESCARP_MAX_LEASE_S ends it anyway. */
class RelayLivenessTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1,
      Map.of("ESCARP_LEASE_TTL_S", "1.5", "ESCARP_MAX_LEASE_S", "6"));

  @Test
  void trafficKeepsALeaseAlivePastItsTtlUntilTheMaximumLifeEndsIt() throws Exception {
    ApiClient api = daemon.api();
    JsonNode lease = RelayRevocationTest.acquire(api, "busy-agent");
    double acquiredAt = lease.get("acquired_at").asDouble();
    try (CdpSocket browser = CdpSocket.open(lease.get("cdp_ws_url").asText())) {
      // No heartbeat is ever sent: each poll sends a CDP command, and the lease must hold throughout.
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            browser.send("Browser.getVersion");
            JsonNode slot = api.get("/status").json().get("slots").get(0);
            return "busy-agent".equals(slot.get("holder").asText(null))
                && slot.get("last_activity").asDouble() > slot.get("last_heartbeat").asDouble() - 1;
          });
      assertTrue(System.currentTimeMillis() / 1000.0 - acquiredAt > 2 * 1.5, "outlived two TTLs");

      keepSendingUntilClosed(browser);
      CdpSocket.Closed closed = browser.closed().get(10, TimeUnit.SECONDS);
      assertEquals(RelayConnection.LEASE_ENDED, closed.code());
      double endedAt = System.currentTimeMillis() / 1000.0;
      assertTrue(endedAt - acquiredAt < 6 + 2, "ended by the 6 s cap, " + (endedAt - acquiredAt) + " s after acquire");
    }
  }

  /** Keeps traffic flowing in the background until the socket closes, so only the cap can end the lease. */
  private static void keepSendingUntilClosed(CdpSocket socket) {
    Thread sender = new Thread(() -> {
      while (!socket.closed().isDone()) {
        try {
          socket.send("Browser.getVersion");
        } catch (Exception closedUnderUs) {
          return;
        }
      }
    }, "traffic");
    sender.setDaemon(true);
    sender.start();
  }
}
