package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.http.PlainHttp;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An open {@code POST /hold}: one plain socket whose life is the lease's. The daemon answers when
 * the lease ends; {@link #close()} drops the connection, which releases the lease at once. A
 * plain socket (not the JDK HTTP client) so that closing it certainly closes the connection.
 */
public final class LeaseHold implements AutoCloseable {

  private final Socket socket;
  private final CompletableFuture<BrokerResult<SlotRecord>> ended = new CompletableFuture<>();

  private LeaseHold(Socket socket) {
    this.socket = socket;
  }

  static LeaseHold open(URI base, Optional<String> apiToken, byte[] body) throws IOException {
    Socket socket = PlainHttp.connect(base, Duration.ofSeconds(2));
    try {
      socket.setKeepAlive(true);
      PlainHttp.writeRequest(socket.getOutputStream(), base, "POST", "/hold", apiToken, Optional.of(body));
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
      ended.complete(answer(PlainHttp.readResponse(in)));
    } catch (IOException e) {
      ended.complete(new BrokerResult.Unreachable<>("the hold connection closed without an answer: " + e.getMessage()));
    } finally {
      close();
    }
  }

  private static BrokerResult<SlotRecord> answer(PlainHttp.Response response) {
    try {
      JsonNode body = JsonTrees.parse(response.body());
      if (response.status() == 200) {
        return BrokerResult.ok(new SlotRecord(body));
      }
      return new BrokerResult.Refused<>(ApiError.from(response.status(), body));
    } catch (IOException | RuntimeException e) {
      return new BrokerResult.Unreachable<>("the hold answer was not understood");
    }
  }
}
