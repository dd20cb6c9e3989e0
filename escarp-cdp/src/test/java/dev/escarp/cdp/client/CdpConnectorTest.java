package dev.escarp.cdp.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cdp.testing.FakeCdpServer;
import dev.escarp.cdp.testing.Json;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CdpConnectorTest {

  /**
   * The thread a client's messages arrive on: an event the server sends before each answer is
   * dispatched there, to a listener registered before the command went out (a callback on the
   * answer's future could run on this thread, when the answer beat it).
   */
  static Thread loopOf(CdpClient client) {
    CompletableFuture<Thread> loop = new CompletableFuture<>();
    try (Subscription s = client.onEvent("Test.pong", e -> loop.complete(Thread.currentThread()))) {
      client.send("Test.ping").join();
      return loop.join();
    }
  }

  /** Answers every command, each after a {@code Test.pong} event (see {@link #loopOf}). */
  static final FakeCdpServer.Responder PONG = (c, r) -> {
    r.event("Test.pong", Json.object(), null);
    r.result(Json.object());
  };

  @Test
  void clientsOfOneConnector_shareItsOwnThread_whichCloseReleases() throws Exception {
    try (FakeCdpServer server = FakeCdpServer.start(PONG)) {
      CdpConnector connector = new CdpConnector(CdpClientOptions.defaults(), "connector-test");
      Thread first;
      try (CdpClient a = connector.connect(server.uri()).join();
          CdpClient b = connector.connect(server.uri()).join()) {
        first = loopOf(a);
        assertSame(first, loopOf(b));
        assertTrue(first.getName().startsWith("connector-test"), first.getName());
      }
      // Closing a client leaves the connector's thread for the next one.
      try (CdpClient c = connector.connect(server.uri()).join()) {
        assertSame(first, loopOf(c));
      }

      connector.close();
      connector.close();

      first.join(30_000); // a graceful event-loop shutdown waits a quiet period first
      assertFalse(first.isAlive());
      assertThrows(IllegalStateException.class, () -> connector.connect(server.uri()));
    }
  }

  @Test
  void sharedGroupInTheOptions_isUsed_andNotShutDownByTheConnector() {
    MultiThreadIoEventLoopGroup group = CdpEventLoops.newGroup(1, "shared-connector-test");
    try (FakeCdpServer server = FakeCdpServer.start(PONG)) {
      CdpConnector connector = new CdpConnector(CdpClientOptions.defaults().withEventLoopGroup(group), "unused");
      try (CdpClient client = connector.connect(server.uri()).join()) {
        assertTrue(loopOf(client).getName().startsWith("shared-connector-test"));
      }
      connector.close();

      assertFalse(group.isShuttingDown());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
