package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An open {@code POST /hold}: one plain socket whose life is the lease's. The daemon answers when
 * the lease ends; {@link #close()} drops the connection, which releases the lease at once. A
 * plain socket (not the JDK HTTP client) so that closing it certainly closes the connection.
 */
public final class LeaseHold implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Socket socket;
  private final CompletableFuture<BrokerResult<SlotRecord>> ended = new CompletableFuture<>();

  private LeaseHold(Socket socket) {
    this.socket = socket;
  }

  static LeaseHold open(URI base, Optional<String> apiToken, byte[] body) throws IOException {
    String host = base.getHost();
    int port = base.getPort() == -1 ? 80 : base.getPort();
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 2000);
      socket.setKeepAlive(true);
      StringBuilder head = new StringBuilder()
          .append("POST /hold HTTP/1.1\r\n")
          .append("Host: ").append(host).append(':').append(port).append("\r\n")
          .append("Content-Type: application/json\r\n")
          .append("Accept: application/json\r\n")
          .append("Connection: close\r\n")
          .append("Content-Length: ").append(body.length).append("\r\n");
      apiToken.ifPresent(t -> head.append("Authorization: Bearer ").append(t).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    LeaseHold hold = new LeaseHold(socket);
    Thread reader = new Thread(hold::awaitAnswer, "escarp-hold");
    reader.setDaemon(true);
    reader.start();
    return hold;
  }

  /**
   * Completes when the daemon answers (the lease ended: the record carries {@code ended}), or
   * with {@link BrokerResult.Refused} (unknown lease), or {@link BrokerResult.Unreachable} when
   * the connection broke.
   */
  public CompletableFuture<BrokerResult<SlotRecord>> ended() {
    return ended;
  }

  /** Drops the connection: the daemon releases the lease if it is still held. Idempotent. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all we wanted
    }
  }

  private void awaitAnswer() {
    try (InputStream in = socket.getInputStream()) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      ended.complete(parse(all.toByteArray()));
    } catch (IOException e) {
      ended.complete(new BrokerResult.Unreachable<>("the hold connection closed: " + e.getMessage()));
    } finally {
      close();
    }
  }

  private static BrokerResult<SlotRecord> parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || split < 0) {
      return new BrokerResult.Unreachable<>("the hold connection closed without an answer");
    }
    int status;
    try {
      status = Integer.parseInt(text.substring(9, 12));
      JsonNode body = JSON.readTree(text.substring(split + 4));
      if (status == 200) {
        return BrokerResult.ok(new SlotRecord(body));
      }
      return new BrokerResult.Refused<>(ApiError.from(status, body));
    } catch (IOException | RuntimeException e) {
      return new BrokerResult.Unreachable<>("the hold answer was not understood");
    }
  }
}
