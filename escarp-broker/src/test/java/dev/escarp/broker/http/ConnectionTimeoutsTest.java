package dev.escarp.broker.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon with short timeouts from its environment: idle connections are closed, a request
 * that trickles in is cut off, a /hold outlives the idle timeout, and a client that writes a whole
 * 8 MiB body before reading gets its 413 instead of a broken pipe.
 */
class ConnectionTimeoutsTest {

  private static final long IDLE_MS = 1000;

  @TempDir static Path home;
  private static TestDaemon daemon;
  private static ApiClient api;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = TestDaemon.create(home, 1, Map.of(
        "ESCARP_IDLE_TIMEOUT_S", Double.toString(IDLE_MS / 1000.0),
        "ESCARP_HEADER_TIMEOUT_S", "0.5")).start();
    api = daemon.api();
  }

  @AfterAll
  static void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void idleConnections_silentOrAfterAnAnswer_areClosed() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        Socket socket = connect();
        sockets.add(socket);
        if (i % 2 == 0) {
          socket.getOutputStream().write(
              "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      for (Socket socket : sockets) {
        socket.setSoTimeout((int) (IDLE_MS * 10));
        assertTrue(readToEnd(socket.getInputStream()), "the server closed the idle connection");
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void aRequestTricklingInPastTheHeaderTimeout_isCutOff() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
      // A byte every 100 ms keeps the connection from ever being idle; only the header timeout ends it.
      long start = System.nanoTime();
      boolean cut = false;
      for (int i = 0; i < 100 && !cut; i++) {
        try {
          out.write('a');
          out.flush();
          Thread.sleep(100);
        } catch (IOException closed) {
          cut = true;
        }
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(cut, "the trickling request was still open after " + seconds + " s");
    }
  }

  @Test
  void aRequestNotWholeWithinTheHeaderTimeout_isAnswered408WithAJsonBody_thenClosed() throws Exception {
    try (Socket socket = connect()) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));

      String answer = readAll(socket.getInputStream());

      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("application/json") && answer.contains("\"error\":\"request_timeout\""), answer);
    }
  }

  @Test
  void aHeldConnection_outlivesTheIdleTimeout() throws Exception {
    JsonNode lease = api.post("/acquire", "{\"holder\": \"held\", \"slot\": 0}").json();
    String body = "{\"lease_token\": \"" + lease.get("lease_token").asText() + "\"}";
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("POST /hold HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      await("the hold lasting three idle timeouts").during(Duration.ofMillis(3 * IDLE_MS))
          .atMost(Duration.ofMillis(5 * IDLE_MS)).pollInterval(Duration.ofMillis(50))
          .until(() -> stateOf(0).equals("leased"));

      api.post("/release", body);
      socket.setSoTimeout(10_000);
      String answer = readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertTrue(answer.contains("\"ended\":\"released\""), answer);
    }
  }

  @Test
  void anOversizedBodyWrittenWholeBeforeReading_getsIts413() throws Exception {
    int size = 8 * 1024 * 1024 - 64 * 1024;
    try (Socket socket = connect()) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (int sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, size - sent));
      }
      out.flush();
      String answer = readAll(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertTrue(answer.contains("payload_too_large"), answer);
    }
  }

  private static Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), api.port());
  }

  private static String stateOf(int slot) {
    Reply status = api.get("/status");
    return status.json().get("slots").get(slot).get("state").asText();
  }

  /** True when the peer closed (EOF or reset) before the socket's timeout. */
  private static boolean readToEnd(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // drop the answer, if any
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Everything until the server closes, or as much as came before a timeout. */
  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
        String text = all.toString(StandardCharsets.UTF_8);
        int head = text.indexOf("\r\n\r\n");
        if (head >= 0 && text.contains("\"ended\"") || text.contains("payload_too_large")) {
          break;
        }
      }
    } catch (SocketTimeoutException timedOut) {
      // return what came
    }
    return all.toString(StandardCharsets.UTF_8);
  }
}
