package dev.escarp.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plain HTTP exchange against a canned loopback server that answers one connection. */
class PlainHttpTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private ServerSocket server;
  private URI base;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    base = URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  /** Accepts one connection, records the request head and body, answers with {@code reply}. */
  private CompletableFuture<String> answerOnce(String reply) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket socket = server.accept()) {
        String request = readRequest(socket.getInputStream());
        socket.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return request;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.read());
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int at = text.indexOf("Content-Length: ");
    if (at >= 0) {
      int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)));
      text += new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
    return text;
  }

  private PlainHttp.Response exchange(String method, String path, Optional<byte[]> body) throws IOException {
    return PlainHttp.exchange(base, method, path, Optional.of("t0ken"), body, SECOND, SECOND);
  }

  @Test
  void aPost_sendsOneClosingRequestWithItsJsonBody_andReadsAContentLengthReply() throws Exception {
    CompletableFuture<String> request =
        answerOnce("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");

    PlainHttp.Response response =
        exchange("POST", "/heartbeat", Optional.of("{\"lease_token\":\"x\"}".getBytes(StandardCharsets.UTF_8)));

    assertEquals(200, response.status());
    assertEquals("{\"ok\":true}", new String(response.body(), StandardCharsets.UTF_8));
    String sent = request.get(5, TimeUnit.SECONDS);
    assertTrue(sent.startsWith("POST /heartbeat HTTP/1.1\r\n"), sent);
    assertTrue(sent.contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), sent);
    assertTrue(sent.contains("\r\nConnection: close\r\n"), sent);
    assertTrue(sent.contains("\r\nAuthorization: Bearer t0ken\r\n"), sent);
    assertTrue(sent.contains("\r\nContent-Type: application/json\r\n"), sent);
    assertTrue(sent.endsWith("\r\n\r\n{\"lease_token\":\"x\"}"), sent);
  }

  @Test
  void aGet_hasNoBody_andAnErrorStatusStillCarriesItsBody() throws Exception {
    CompletableFuture<String> request =
        answerOnce("HTTP/1.1 404 Not Found\r\ncontent-length: 19\r\n\r\n{\"error\":\"unknown\"}");

    PlainHttp.Response response = exchange("GET", "/nowhere", Optional.empty());

    assertEquals(404, response.status());
    assertEquals("{\"error\":\"unknown\"}", new String(response.body(), StandardCharsets.UTF_8));
    assertTrue(!request.get(5, TimeUnit.SECONDS).contains("Content-Length"), "a GET sends no body");
  }

  @Test
  void aChunkedReply_isReassembled() throws Exception {
    answerOnce("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n6;ext=1\r\n:[1,2]\r\n1\r\n}\r\n0\r\n\r\n");

    PlainHttp.Response response = exchange("GET", "/status", Optional.empty());

    assertEquals("{\"a\":[1,2]}", new String(response.body(), StandardCharsets.UTF_8));
  }

  @Test
  void aReplyWithoutLength_endsWhenTheServerCloses() throws Exception {
    answerOnce("HTTP/1.0 200 OK\r\n\r\n{\"closed\":true}");

    assertEquals("{\"closed\":true}", new String(exchange("GET", "/", Optional.empty()).body(), StandardCharsets.UTF_8));
  }

  @Test
  void aTruncatedBody_orSomethingThatIsNotHttp_isAnError() throws Exception {
    answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"short\":");
    assertThrows(EOFException.class, () -> exchange("GET", "/", Optional.empty()));

    answerOnce("SSH-2.0-OpenSSH_9.2\r\n");
    IOException notHttp = assertThrows(IOException.class, () -> exchange("GET", "/", Optional.empty()));
    assertEquals("not an HTTP reply", notHttp.getMessage());
  }

  @Test
  void aServerThatNeverAnswers_timesOut() {
    CompletableFuture.runAsync(() -> {
      try (Socket socket = server.accept()) {
        Thread.sleep(3000);
      } catch (IOException | InterruptedException ignored) {
        // the test is over
      }
    });

    assertThrows(SocketTimeoutException.class,
        () -> PlainHttp.exchange(base, "GET", "/status", Optional.empty(), Optional.empty(), SECOND,
            Duration.ofMillis(300)));
  }

  @Test
  void anHttpsAddress_isRefusedBeforeConnecting() {
    IOException refused = assertThrows(IOException.class,
        () -> PlainHttp.connect(URI.create("https://127.0.0.1:" + server.getLocalPort()), SECOND));
    assertTrue(refused.getMessage().contains("http://host:port"), refused.getMessage());
  }
}
