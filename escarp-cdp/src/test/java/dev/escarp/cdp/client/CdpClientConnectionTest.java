package dev.escarp.cdp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.FakeCdpServer;
import dev.escarp.cdp.testing.Json;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a scripted endpoint: failures a real browser will not produce on demand. */
@Timeout(30)
class CdpClientConnectionTest {

  private static Throwable failureOf(CompletableFuture<?> future) {
    CompletionException e = assertThrows(CompletionException.class, future::join);
    return e.getCause();
  }

  @Test
  void connect_sendsNoOriginHeader() {
    try (FakeCdpServer server = FakeCdpServer.start((c, r) -> r.result(Json.object()));
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      client.send("Browser.getVersion").join();
      assertEquals(1, server.handshakes().size());
      assertNull(server.handshakes().get(0).get("Origin"), "Chromium answers 403 to a foreign Origin");
    }
  }

  @Test
  void send_answeredCommand_completesWithResultAndCarriesIdMethodAndParams() {
    try (FakeCdpServer server =
            FakeCdpServer.start((c, r) -> r.result(Json.object().put("echo", r.params().path("x").asInt())));
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      ObjectNode result = client.send("Test.echo", Json.object().put("x", 42)).join();

      assertEquals(42, result.get("echo").asInt());
      ObjectNode sent = server.commands().get(0);
      assertEquals("Test.echo", sent.get("method").asText());
      assertTrue(sent.get("id").canConvertToLong());
      assertFalse(sent.has("sessionId"));
    }
  }

  @Test
  void send_errorAnswer_failsWithCdpCommandExceptionCarryingCodeAndMessage() {
    try (FakeCdpServer server = FakeCdpServer.start((c, r) -> r.error(-32000, "No target with given id found"));
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      Throwable failure = failureOf(client.send("Target.closeTarget"));

      CdpCommandException error = assertInstanceOf(CdpCommandException.class, failure);
      assertEquals(-32000, error.code());
      assertEquals("No target with given id found", error.cdpMessage());
      assertEquals("Target.closeTarget", error.method());
    }
  }

  @Test
  void send_noAnswerWithinTimeout_failsWithCdpTimeoutException_andTheConnectionStaysUsable() {
    try (FakeCdpServer server =
            FakeCdpServer.start((c, r) -> {
              if (!r.method().equals("Test.silent")) {
                r.result(Json.object());
              }
            });
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      long start = System.nanoTime();
      Throwable failure = failureOf(client.send("Test.silent", null, Duration.ofMillis(200)));
      long tookMillis = (System.nanoTime() - start) / 1_000_000;

      CdpTimeoutException timeout = assertInstanceOf(CdpTimeoutException.class, failure);
      assertEquals("Test.silent", timeout.method());
      assertTrue(tookMillis >= 190 && tookMillis < 5_000, "timed out after " + tookMillis + " ms");
      assertTrue(client.isOpen());
      client.send("Test.answered").join();
    }
  }

  @Test
  void droppedSocket_failsEveryPendingCommandAtOnce_withCdpClosedException() {
    try (FakeCdpServer server =
            FakeCdpServer.start((c, r) -> {
              if (r.method().equals("Test.crash")) {
                r.drop();
              }
            });
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      List<CompletableFuture<ObjectNode>> pending =
          List.of(client.send("Test.a"), client.send("Test.b"), client.send("Test.c"));
      long start = System.nanoTime();
      client.send("Test.crash");

      for (CompletableFuture<ObjectNode> command : pending) {
        assertInstanceOf(CdpClosedException.class, failureOf(command));
      }
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMillis < 5_000, "pending commands failed only after " + tookMillis + " ms");
      client.closeFuture().join();
      assertFalse(client.isOpen());
      assertInstanceOf(CdpClosedException.class, failureOf(client.send("Test.afterDrop")));
    }
  }

  @Test
  void receive_fortyMegabyteMessage_arrivesWhole() {
    int size = 40 * 1024 * 1024;
    String big = "x".repeat(size);
    try (FakeCdpServer server = FakeCdpServer.start((c, r) -> r.result(Json.object().put("data", big)));
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      ObjectNode result = client.send("Page.captureScreenshot").join();

      assertEquals(size, result.get("data").asText().length());
    }
  }

  @Test
  void events_reachClientListenersAndOnlyTheirOwnSessionsListeners() throws Exception {
    try (FakeCdpServer server =
            FakeCdpServer.start((c, r) -> {
              r.event("Page.loadEventFired", Json.object().put("n", 1), "S1");
              r.event("Page.loadEventFired", Json.object().put("n", 2), "S2");
              r.event("Target.targetCreated", Json.object().put("n", 3), null);
              r.result(Json.object());
            });
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      List<CdpEvent> all = new CopyOnWriteArrayList<>();
      List<CdpEvent> loads = new CopyOnWriteArrayList<>();
      List<CdpEvent> s1 = new CopyOnWriteArrayList<>();
      client.onAnyEvent(all::add);
      client.onEvent("Page.loadEventFired", loads::add);
      client.session("S1").onEvent("Page.loadEventFired", s1::add);

      client.send("Test.emit").join(); // events were written before the answer, so they are in

      assertEquals(3, all.size());
      assertEquals(2, loads.size());
      assertEquals(1, s1.size());
      assertEquals(1, s1.get(0).params().get("n").asInt());
      assertEquals("S1", s1.get(0).sessionId().orElseThrow());
      assertTrue(all.get(2).sessionId().isEmpty());
    }
  }

  @Test
  void session_send_carriesTheSessionId() {
    try (FakeCdpServer server = FakeCdpServer.start((c, r) -> r.result(Json.object()));
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      client.session("S9").send("Runtime.evaluate").join();

      assertEquals("S9", server.commands().get(0).get("sessionId").asText());
    }
  }

  @Test
  void aListenerThatThrows_doesNotKeepTheEventFromOthers() throws Exception {
    try (FakeCdpServer server =
            FakeCdpServer.start((c, r) -> {
              r.event("Test.event", Json.object(), null);
              r.result(Json.object());
            });
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      CountDownLatch delivered = new CountDownLatch(1);
      client.onEvent("Test.event", e -> {
        throw new IllegalStateException("listener bug (expected by this test)");
      });
      client.onEvent("Test.event", e -> delivered.countDown());

      client.send("Test.emit").join();

      assertTrue(delivered.await(5, TimeUnit.SECONDS));
      assertTrue(client.isOpen());
    }
  }

  @Test
  void closedSubscription_receivesNoMoreEvents() {
    try (FakeCdpServer server =
            FakeCdpServer.start((c, r) -> {
              r.event("Test.event", Json.object(), null);
              r.result(Json.object());
            });
        CdpClient client = CdpClient.connect(server.uri()).join()) {
      List<CdpEvent> seen = new CopyOnWriteArrayList<>();
      Subscription subscription = client.onEvent("Test.event", seen::add);
      client.send("Test.emit").join();
      subscription.close();
      subscription.close();
      client.send("Test.emit").join();

      assertEquals(1, seen.size());
    }
  }

  @Test
  void close_failsPendingCommands_completesCloseFuture_andIsHarmlessTwice() {
    FakeCdpServer server = FakeCdpServer.start((c, r) -> {});
    try (server) {
      CdpClient client = CdpClient.connect(server.uri()).join();
      CompletableFuture<ObjectNode> pending = client.send("Test.neverAnswered");

      client.close();
      client.close();

      assertInstanceOf(CdpClosedException.class, failureOf(pending));
      client.closeFuture().join();
      assertFalse(client.isOpen());
      assertInstanceOf(CdpClosedException.class, failureOf(client.send("Test.afterClose")));
    }
  }

  @Test
  void connect_nothingListening_failsWithCdpExceptionNamingTheUrl() {
    URI nowhere = URI.create("ws://127.0.0.1:" + LoopbackPorts.freePort() + "/devtools/browser/x");

    Throwable failure = failureOf(CdpClient.connect(nowhere));

    assertInstanceOf(CdpException.class, failure);
    assertTrue(failure.getMessage().contains(nowhere.toString()), failure.getMessage());
  }

  @Test
  void connect_handshakeRefused_failsWithCdpException() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> {
      exchange.sendResponseHeaders(403, -1);
      exchange.close();
    });
    http.start();
    try {
      URI uri = URI.create("ws://127.0.0.1:" + http.getAddress().getPort() + "/devtools/browser/x");

      Throwable failure = failureOf(CdpClient.connect(uri));

      assertInstanceOf(CdpException.class, failure);
      assertTrue(failure.getMessage().contains("handshake"), failure.getMessage());
    } finally {
      http.stop(0);
    }
  }

  @Test
  void connect_nonWebSocketUrl_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> CdpClient.connect(URI.create("http://127.0.0.1:1/json")));
  }

  @Test
  void ownGroup_runsOnNamedDaemonThreads_andIsShutDownOnClose() throws Exception {
    try (FakeCdpServer server = FakeCdpServer.start(CdpConnectorTest.PONG)) {
      CdpClient client = CdpClient.connect(server.uri()).join();
      Thread loop = CdpConnectorTest.loopOf(client);

      assertTrue(loop.isDaemon());
      assertTrue(loop.getName().startsWith("escarp-cdp"), loop.getName());
      client.close();
      loop.join(5_000);
      assertFalse(loop.isAlive(), "the client's own event loop thread outlived close()");
    }
  }

  @Test
  void sharedGroup_isLeftRunningWhenAClientCloses() {
    MultiThreadIoEventLoopGroup group = CdpEventLoops.newGroup(1, "shared-test");
    try (FakeCdpServer server = FakeCdpServer.start((c, r) -> r.result(Json.object()))) {
      CdpClientOptions options = CdpClientOptions.defaults().withEventLoopGroup(group);
      CdpClient.connect(server.uri(), options).join().close();

      try (CdpClient second = CdpClient.connect(server.uri(), options).join()) {
        second.send("Test.ping").join();
      }
      assertFalse(group.isShuttingDown());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
