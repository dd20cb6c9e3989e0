package dev.escarp.cdp.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.FakeCdpServer;
import dev.escarp.cdp.testing.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HealthProbeTest {

  private final HealthProbe health =
      new HealthProbe(VersionProbe.create(Duration.ofMillis(300)), CdpClientOptions.defaults(), Duration.ofMillis(500));
  private HttpServer http;

  @AfterEach
  void stopServer() {
    health.close();
    if (http != null) {
      http.stop(0);
    }
  }

  /** A /json/version that points at {@code ws}. */
  private int versionEndpoint(URI ws) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/json/version", exchange -> {
      byte[] body = ("{\"Browser\":\"Fake/1\",\"Protocol-Version\":\"1.3\",\"User-Agent\":\"UA\","
          + "\"webSocketDebuggerUrl\":\"" + ws + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    return http.getAddress().getPort();
  }

  @Test
  void check_browserAnsweringHttpAndWebSocket_isHealthy() throws IOException {
    try (FakeCdpServer cdp = FakeCdpServer.start((c, r) -> r.result(Json.object().put("product", "Fake/1")))) {
      int port = versionEndpoint(cdp.uri());

      Health result = health.check(port);

      assertTrue(result.healthy(), result.reason());
      assertEquals("ok", result.reason());
      assertEquals("Fake/1", result.version().orElseThrow().browser());
    }
  }

  @Test
  void check_nothingOnThePort_isUnhealthy_sayingSo() {
    int port = LoopbackPorts.freePort();

    Health result = health.check(port);

    assertFalse(result.healthy());
    assertEquals(port, result.port());
    assertTrue(result.reason().contains("no answer on /json/version"), result.reason());
  }

  @Test
  void check_webSocketThatNeverAnswers_isUnhealthy_namingTheCommand() throws IOException {
    try (FakeCdpServer cdp = FakeCdpServer.start((c, r) -> {})) {
      int port = versionEndpoint(cdp.uri());

      Health result = health.check(port);

      assertFalse(result.healthy());
      assertTrue(result.reason().contains("Browser.getVersion"), result.reason());
      assertTrue(result.version().isPresent(), "the HTTP part did answer");
    }
  }

  @Test
  void check_webSocketUrlWithNobodyBehindIt_isUnhealthy() throws IOException {
    int port = versionEndpoint(URI.create("ws://127.0.0.1:" + LoopbackPorts.freePort() + "/devtools/browser/gone"));

    Health result = health.check(port);

    assertFalse(result.healthy());
    assertTrue(result.reason().contains("WebSocket"), result.reason());
  }
}
