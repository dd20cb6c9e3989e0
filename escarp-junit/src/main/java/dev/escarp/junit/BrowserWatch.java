package dev.escarp.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.client.CdpEvent;
import dev.escarp.cdp.client.CdpSession;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/**
 * escarp's own CDP connection to a leased browser, for evidence: it attaches to every page (those
 * there now and those opened later, whoever opens them: Playwright, Selenium, the page itself) and
 * keeps their console messages and uncaught errors; on failure it takes a screenshot. It works the
 * same whichever library drives the browser. Listeners run on the CDP event loop and never block.
 */
final class BrowserWatch implements AutoCloseable {

  /** A console message this watch keeps; the newest {@value} are kept. */
  static final int MAX_MESSAGES = 2000;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

  private final CdpClient client;
  private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
  private final Map<String, CdpSession> pages = new ConcurrentHashMap<>();

  private BrowserWatch(CdpClient client) {
    this.client = client;
  }

  static CompletableFuture<BrowserWatch> start(CdpConnector connector, URI browserWsUrl) {
    return connector.connect(browserWsUrl).thenCompose(client -> {
      BrowserWatch watch = new BrowserWatch(client);
      client.onEvent("Target.attachedToTarget", watch::attached);
      client.onEvent("Target.detachedFromTarget", watch::detached);
      client.onEvent("Runtime.consoleAPICalled", e -> watch.keep(consoleLine(e.params())));
      client.onEvent("Runtime.exceptionThrown", e -> watch.keep(exceptionLine(e.params())));
      client.onEvent("Log.entryAdded", e -> watch.keep(logLine(e.params())));
      ObjectNode autoAttach = object().put("autoAttach", true).put("waitForDebuggerOnStart", false).put("flatten", true);
      return client.send("Target.setAutoAttach", autoAttach).handle((ok, error) -> {
        if (error != null) {
          client.close();
          throw new IllegalStateException("could not watch the browser's pages: " + error.getMessage(), error);
        }
        return watch;
      });
    });
  }

  private void attached(CdpEvent event) {
    if (!"page".equals(event.params().path("targetInfo").path("type").asText())) {
      return;
    }
    CdpSession page = client.session(event.params().path("sessionId").asText());
    pages.put(page.id(), page);
    // Fire and forget: a page that closes meanwhile just fails these.
    page.send("Runtime.enable");
    page.send("Log.enable");
  }

  private void detached(CdpEvent event) {
    pages.remove(event.params().path("sessionId").asText());
  }

  private void keep(String line) {
    messages.add(Instant.now() + " " + line);
    while (messages.size() > MAX_MESSAGES) {
      messages.poll();
    }
  }

  /** The watch's connection to the browser target; escarp-junit resets the browser over it. */
  CdpClient client() {
    return client;
  }

  /**
   * The console messages and page errors so far, oldest first. A round trip to each page first:
   * its events travel ahead of the answer, so what a page logged just before the test failed is in.
   */
  List<String> console() {
    CompletableFuture<?>[] roundTrips = pages.values().stream()
        .map(page -> page.send("Runtime.evaluate", object().put("expression", "0"), FLUSH_TIMEOUT))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(roundTrips).get(FLUSH_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A page that closed or hangs: what arrived is what there is.
    }
    return new ArrayList<>(messages);
  }

  /**
   * A PNG of the page the test most likely looked at: the first tab (Chromium lists the most
   * recently active first) that is not blank, else the first tab. Empty when there is no tab.
   */
  Optional<byte[]> screenshot() throws Exception {
    JsonNode targets = call(client.send("Target.getTargets")).path("targetInfos");
    List<JsonNode> pages = StreamSupport.stream(targets.spliterator(), false)
        .filter(t -> "page".equals(t.path("type").asText()))
        .toList();
    Optional<JsonNode> page = pages.stream().filter(t -> !t.path("url").asText().equals("about:blank")).findFirst()
        .or(() -> pages.stream().findFirst());
    if (page.isEmpty()) {
      return Optional.empty();
    }
    CdpSession session = call(client.attachToTarget(page.get().path("targetId").asText()));
    try {
      JsonNode shot = call(session.send("Page.captureScreenshot", object().put("format", "png")));
      return Optional.of(Base64.getDecoder().decode(shot.path("data").asText()));
    } finally {
      session.detach();
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private static <T> T call(CompletableFuture<T> future) throws Exception {
    return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static String consoleLine(JsonNode params) {
    StringBuilder line = new StringBuilder("console.").append(params.path("type").asText("log")).append(':');
    for (JsonNode arg : params.path("args")) {
      line.append(' ').append(arg.has("value") ? arg.path("value").asText() : arg.path("description").asText(arg.path("type").asText()));
    }
    return line.toString();
  }

  private static String exceptionLine(JsonNode params) {
    JsonNode details = params.path("exceptionDetails");
    String text = details.path("exception").path("description").asText(details.path("text").asText());
    return "uncaught: " + text;
  }

  private static String logLine(JsonNode params) {
    JsonNode entry = params.path("entry");
    String url = entry.path("url").asText("");
    return "log." + entry.path("level").asText() + " (" + entry.path("source").asText() + "): " + entry.path("text").asText()
        + (url.isEmpty() ? "" : " " + url);
  }
}
