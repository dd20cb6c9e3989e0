package dev.escarp.broker.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotLayout;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's {@code /json/version}: asked of the browser once, then answered from that answer for
 * as long as the slot's browser is the one that gave it. A stand-in answers as a browser does, so
 * the requests that reach it can be counted; real browsers are in RelayAttachTest and the healing tests.
 */
class BrowserJsonTest {

  @TempDir Path home;
  private HttpServer browser;
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicReference<String> browserId = new AtomicReference<>("first");
  private final ExecutorService blocking = Executors.newSingleThreadExecutor();

  @BeforeEach
  void startStandIn() throws Exception {
    browser = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    browser.createContext("/json/version", exchange -> {
      asked.incrementAndGet();
      byte[] body = version(browserId.get()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("content-type", "application/json; charset=UTF-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    browser.start();
  }

  @AfterEach
  void stop() {
    browser.stop(0);
    blocking.shutdownNow();
  }

  private String version(String id) {
    return "{\"Browser\": \"Chrome/156.0.0.0\", \"Protocol-Version\": \"1.3\", \"webSocketDebuggerUrl\": \"ws://127.0.0.1:"
        + browser.getAddress().getPort() + "/devtools/browser/" + id + "\"}";
  }

  private String ownUrl(String id) {
    return "ws://127.0.0.1:" + browser.getAddress().getPort() + "/devtools/browser/" + id;
  }

  private String relayedVersion(BrowserJson json, Slot slot) throws Exception {
    return new String(json.forward(slot, "GET", "/json/version", "", "127.0.0.1:7000/cdp/secret").get().body(),
        StandardCharsets.UTF_8);
  }

  @Test
  void theVersionIsAskedOnce_whileTheSameBrowserAnswers() throws Exception {
    Slot slot = new SlotLayout(new EscarpHome(home), browser.getAddress().getPort(), "autonomous").slot(0);
    AtomicReference<String> current = new AtomicReference<>(ownUrl("first"));
    BrowserJson json = new BrowserJson(blocking, index -> Optional.of(current.get()));

    String first = relayedVersion(json, slot);
    String second = relayedVersion(json, slot);

    assertEquals(1, asked.get(), "the second answer came from the first");
    assertEquals(first, second);
    assertTrue(second.contains("ws://127.0.0.1:7000/cdp/secret/devtools/browser/first"), second);
  }

  @Test
  void aBrowserThatRestarted_isAskedAgain_andItsNewEndpointIsNamed() throws Exception {
    Slot slot = new SlotLayout(new EscarpHome(home), browser.getAddress().getPort(), "autonomous").slot(0);
    AtomicReference<String> current = new AtomicReference<>(ownUrl("first"));
    BrowserJson json = new BrowserJson(blocking, index -> Optional.ofNullable(current.get()));
    relayedVersion(json, slot);

    browserId.set("second"); // relaunched: the directory learns its new endpoint
    current.set(ownUrl("second"));
    String after = relayedVersion(json, slot);

    assertEquals(2, asked.get());
    assertTrue(after.contains("/cdp/secret/devtools/browser/second"), after);

    current.set(null); // the directory knows no browser there (it is down): ask, never answer from memory
    relayedVersion(json, slot);
    assertEquals(3, asked.get());
  }
}
