package dev.escarp.broker.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A holder that asks for a flood of large answers and then stops reading: the relay stops reading
 * from the browser instead of buffering the flood (the browser keeps what it has not sent).
 */
class RelayBackpressureTest {

  private static final int ANSWERS = 100;
  private static final int ANSWER_BYTES = 1_000_000;

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);

  @Test
  void aClientThatStopsReadingMakesTheRelayStopReadingNotBuffer() throws Exception {
    ApiClient api = daemon.api();
    JsonNode lease = RelayRevocationTest.acquire(api, "slow-reader");
    Reply list = api.send(HttpRequest.newBuilder(URI.create(lease.get("cdp_http_url").asText() + "/json/list")).GET());
    String pageSocket = null;
    for (JsonNode target : list.json()) {
      if (target.get("type").asText().equals("page")) {
        pageSocket = target.get("webSocketDebuggerUrl").asText();
      }
    }
    URI uri = URI.create(pageSocket);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", uri.getPort()));
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertTrue(readHeaders(socket.getInputStream()).startsWith("HTTP/1.1 101"));
      for (int id = 1; id <= ANSWERS; id++) {
        out.write(maskedText("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":"
            + "\"'x'.repeat(" + ANSWER_BYTES + ")\"}}"));
      }
      out.flush();
      // From here on the client reads nothing.
      await().atMost(Duration.ofSeconds(30)).until(() -> metric(api, "escarp_relay_paused_reads_total") > 0);
      long limit = 16L * 1024 * 1024; // socket buffers and the relay's 1 MiB water mark, far below the 100 MB asked for
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
          .until(() -> metric(api, "escarp_relay_bytes_total{direction=\"to_client\"}") < limit);
      assertEquals(1, metric(api, "escarp_relay_connections"), "the stalled connection stays open");
    } finally {
      api.post("/release", RelayRevocationTest.token(lease));
    }
  }

  private static String readHeaders(InputStream in) throws Exception {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      headers.append((char) b);
    }
    return headers.toString();
  }

  /** A client's text frame: masked, as RFC 6455 requires of clients. */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    int headerLength = payload.length < 126 ? 2 : 4;
    byte[] frame = new byte[headerLength + 4 + payload.length];
    frame[0] = (byte) 0x81;
    if (payload.length < 126) {
      frame[1] = (byte) (0x80 | payload.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >> 8);
      frame[3] = (byte) payload.length;
    }
    System.arraycopy(mask, 0, frame, headerLength, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[headerLength + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  private static long metric(ApiClient api, String name) {
    return api.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim())).findFirst().orElse(-1);
  }
}
