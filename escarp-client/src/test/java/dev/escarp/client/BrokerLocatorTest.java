package dev.escarp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.core.files.DaemonPidFile;
import dev.escarp.core.config.EscarpHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerLocatorTest {

  @TempDir Path home;

  @Test
  void brokerUrlFromTheEnvironment_winsOverEverything() throws IOException {
    new DaemonPidFile(new EscarpHome(home).daemonPidFile()).write(ProcessHandle.current().pid(), 1234);
    BrokerLocator locator = locator(Map.of("ESCARP_BROKER_URL", "http://127.0.0.1:4321/"));
    assertEquals(URI.create("http://127.0.0.1:4321"), locator.locate().uri());
  }

  @Test
  void pidFileOfALiveProcess_givesItsPort() throws IOException {
    new DaemonPidFile(new EscarpHome(home).daemonPidFile()).write(ProcessHandle.current().pid(), 4567);
    assertEquals(URI.create("http://127.0.0.1:4567"), locator(Map.of()).locate().uri());
  }

  @Test
  void pidFileOfADeadProcess_isIgnored_andTheLadderBaseIsTheFallback() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    new DaemonPidFile(new EscarpHome(home).daemonPidFile()).write(dead.pid(), 4567);
    int base = ladderWithNothingListening();
    assertEquals(URI.create("http://127.0.0.1:" + base),
        locator(Map.of("ESCARP_API_PORT", Integer.toString(base))).locate().uri());
  }

  @Test
  void ladder_findsADaemonThatShiftedByTen() throws Exception {
    int base = ladderWithNothingListening();
    HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 20), 0);
    fake.createContext("/healthz", exchange -> {
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    fake.start();
    try {
      BrokerLocator.Location found = locator(Map.of("ESCARP_API_PORT", Integer.toString(base))).locate();
      assertEquals(URI.create("http://127.0.0.1:" + (base + 20)), found.uri());
    } finally {
      fake.stop(0);
    }
  }

  private BrokerLocator locator(Map<String, String> env) {
    return new BrokerLocator(env, new EscarpHome(home), Duration.ofSeconds(5));
  }

  /** A base port whose whole ladder is free right now. */
  private static int ladderWithNothingListening() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = LoopbackPorts.freePort();
      if (base + BrokerLocator.LADDER_STEP * BrokerLocator.LADDER_TRIES >= 65536) {
        continue;
      }
      boolean allFree = true;
      for (int i = 1; i < BrokerLocator.LADDER_TRIES && allFree; i++) {
        try (ServerSocket probe = new ServerSocket(base + i * BrokerLocator.LADDER_STEP, 1,
            InetAddress.getLoopbackAddress())) {
          allFree = true;
        } catch (IOException e) {
          allFree = false;
        }
      }
      if (allFree) {
        return base;
      }
    }
    throw new AssertionError("no free port ladder found");
  }
}
