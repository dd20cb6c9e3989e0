package dev.escarp.cdp.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.launch.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VersionProbeTest {

  /** For peers that answer: patient, so a loaded machine's slow first answer is not a timeout. */
  private final VersionProbe probe = VersionProbe.create(Duration.ofSeconds(5));
  /** For the silent listener: the short timeout under test. */
  private final VersionProbe shortProbe = VersionProbe.create(Duration.ofMillis(300));
  private HttpServer http;

  @AfterEach
  void stopServer() {
    if (http != null) {
      http.stop(0);
    }
  }

  private int serve(int status, String body) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/json/version", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    http.start();
    return http.getAddress().getPort();
  }

  @Test
  void probe_devToolsAnswer_isFoundWithVersionAndWebSocketUrl() throws IOException {
    int port = serve(200, """
        {"Browser": "Chrome/156.0.8078.79", "Protocol-Version": "1.3", "User-Agent": "UA",
         "V8-Version": "15", "WebKit-Version": "537", "webSocketDebuggerUrl": "ws://127.0.0.1:1/devtools/browser/abc"}
        """);

    ProbeResult result = probe.probe(port);

    BrowserVersion version = assertInstanceOf(ProbeResult.Found.class, result).browser();
    assertEquals("Chrome/156.0.8078.79", version.browser());
    assertEquals("1.3", version.protocolVersion());
    assertEquals(URI.create("ws://127.0.0.1:1/devtools/browser/abc"), version.webSocketDebuggerUrl());
    assertEquals(port, version.port());
  }

  @Test
  void probe_portWithNothing_isNothingThere_connectionRefused() {
    int port = LoopbackPorts.freePort();

    ProbeResult result = probe.probe(port);

    ProbeResult.NothingThere nothing = assertInstanceOf(ProbeResult.NothingThere.class, result);
    assertEquals("connection refused", nothing.reason());
    assertTrue(result.version().isEmpty());
  }

  @Test
  void probe_httpServerThatIsNotDevTools_isNothingThere_withTheStatus() throws IOException {
    int port = serve(404, "");

    ProbeResult.NothingThere nothing = assertInstanceOf(ProbeResult.NothingThere.class, probe.probe(port));

    assertTrue(nothing.reason().contains("HTTP 404"), nothing.reason());
  }

  @Test
  void probe_answerWithoutWebSocketUrl_isNothingThere_quotingTheAnswer() throws IOException {
    int port = serve(200, "<html>hello</html>");

    ProbeResult.NothingThere nothing = assertInstanceOf(ProbeResult.NothingThere.class, probe.probe(port));

    assertTrue(nothing.reason().contains("not a DevTools answer"), nothing.reason());
    assertTrue(nothing.reason().contains("hello"), nothing.reason());
  }

  @Test
  void probe_listenerThatNeverAnswers_isNothingThere_afterTheShortTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();

      ProbeResult result = shortProbe.probe(silent.getLocalPort());

      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      ProbeResult.NothingThere nothing = assertInstanceOf(ProbeResult.NothingThere.class, result);
      assertTrue(nothing.reason().contains("timed out"), nothing.reason());
      assertTrue(tookMillis < 3_000, "took " + tookMillis + " ms");
    }
  }
}
