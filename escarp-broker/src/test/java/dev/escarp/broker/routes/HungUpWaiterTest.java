package dev.escarp.broker.routes;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.DaemonPerClass;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An acquire whose caller hung up while it waited must not leave a slot leased to nobody. */
class HungUpWaiterTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_LEASE_TTL_S", "600"));
  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = daemon.api();
  }

  private static JsonNode slot0() {
    return api.get("/status").json().get("slots").get(0);
  }

  @Test
  void aWaiterThatHungUp_givesBackTheSlotItIsGrantedLater() throws Exception {
    await("the slot is free").atMost(Duration.ofSeconds(15)).until(() -> slot0().get("state").asText().equals("free"));
    Reply first = api.post("/acquire", "{\"holder\": \"first\"}");
    assertEquals(200, first.status(), first.toString());
    String body = "{\"holder\": \"gone\", \"wait_s\": 60}";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      await("the acquire waits").atMost(Duration.ofSeconds(5))
          .until(() -> api.get("/metrics").body().contains("escarp_waiters 1"));
    } // the caller gives up

    assertEquals(200, api.post("/release", "{\"lease_token\": \"" + first.json().get("lease_token").asText() + "\"}").status());

    await("the slot free again, not leased to the caller that left (TTL 600 s)").atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> slot0().get("state").asText().equals("free"));
    Reply next = api.post("/acquire", "{\"holder\": \"next\"}");
    assertEquals(200, next.status(), next.toString());
    api.post("/release", "{\"lease_token\": \"" + next.json().get("lease_token").asText() + "\"}");
  }
}
