package dev.escarp.cdp.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.client.CdpEvent;
import dev.escarp.cdp.client.CdpSession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * escarp's own CDP connection to a leased browser, for evidence: attached to every page (those
 * there now and those opened later, whoever opens them: Playwright, Selenium, the page itself), it
 * keeps their console messages, uncaught exceptions and log entries, and can picture the page the
 * holder looked at. Its sessions are its own: {@code Runtime.enable} there changes nothing the
 * holder's sessions see, and pages are not paused on start ({@code waitForDebuggerOnStart: false}),
 * so the holder pays nothing. Listeners run on the CDP event loop and only append to a bounded
 * queue. Used by the daemon's evidence and by escarp-junit's.
 */
public final class BrowserWatch implements AutoCloseable {

  private final CdpClient client;
  private final Clock clock;
  private final int maxEntries;
  private final ConcurrentLinkedQueue<ConsoleEntry> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Map<String, CdpSession> pages = new ConcurrentHashMap<>();

  private BrowserWatch(CdpClient client, Clock clock, int maxEntries) {
    this.client = client;
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  /**
   * Connects to a browser target ({@code headers} go with the handshake: a remote browser's
   * token) and starts watching every page; keeps the newest {@code maxEntries} entries.
   */
  public static CompletableFuture<BrowserWatch> start(CdpConnector connector, URI browserWsUrl,
      Map<String, String> headers, int maxEntries, Clock clock) {
    return connector.connect(browserWsUrl, headers).thenCompose(client -> {
      BrowserWatch watch = new BrowserWatch(client, clock, maxEntries);
      client.onEvent("Target.attachedToTarget", watch::attached);
      client.onEvent("Target.detachedFromTarget", e -> watch.pages.remove(e.params().path("sessionId").asText()));
      client.onEvent("Runtime.consoleAPICalled", e -> watch.keep(watch.consoleEntry(e.params())));
      client.onEvent("Runtime.exceptionThrown", e -> watch.keep(watch.exceptionEntry(e.params())));
      client.onEvent("Log.entryAdded", e -> watch.keep(watch.logEntry(e.params())));
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

  /** The watch's connection to the browser target (escarp-junit resets the browser over it). */
  public CdpClient client() {
    return client;
  }

  /**
   * The entries so far, oldest first, after a round trip to each page (bounded by {@code wait}):
   * a page's events travel ahead of its answer, so what it logged just before the end is in.
   */
  public List<ConsoleEntry> console(Duration wait) {
    CompletableFuture<?>[] roundTrips = pages.values().stream()
        .map(page -> page.send("Runtime.evaluate", object().put("expression", "0"), wait))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(roundTrips).get(wait.toMillis() + 200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A page that closed or hangs: what arrived is what there is.
    }
    return new ArrayList<>(entries);
  }

  /**
   * A PNG of the page the holder most likely looked at: the first page (Chromium lists the most
   * recently active first) that is not blank, else the first {@code about:blank} with something
   * written into it. Empty when there is none: short leases that left their page empty (they
   * churn) do not make their reset wait on a picture of nothing. Each step is bounded by {@code wait}.
   */
  public Optional<byte[]> screenshot(Duration wait) throws Exception {
    JsonNode targets = client.send("Target.getTargets", object(), wait)
        .get(wait.toMillis() + 200, TimeUnit.MILLISECONDS).path("targetInfos");
    List<JsonNode> blank = new ArrayList<>();
    List<JsonNode> candidates = new ArrayList<>();
    targets.forEach(t -> {
      if ("page".equals(t.path("type").asText())) {
        (t.path("url").asText().equals("about:blank") ? blank : candidates).add(t);
      }
    });
    candidates.addAll(blank);
    for (JsonNode page : candidates) {
      CdpSession session = client.attachToTarget(page.path("targetId").asText())
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
      try {
        if (page.path("url").asText().equals("about:blank") && showsNothing(session, wait)) {
          continue;
        }
        // optimizeForSpeed: a faster, larger PNG; a reset may wait on this one.
        JsonNode shot = session.send("Page.captureScreenshot", object().put("format", "png")
            .put("optimizeForSpeed", true), wait)
            .get(wait.toMillis() + 200, TimeUnit.MILLISECONDS);
        return Optional.of(Base64.getDecoder().decode(shot.path("data").asText()));
      } finally {
        session.detach();
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Whether a blank page is empty, nothing written into it (a {@code setContent} keeps about:blank). */
  private static boolean showsNothing(CdpSession session, Duration wait) throws Exception {
    JsonNode answer = session.send("Runtime.evaluate", object().put("expression",
        "!document.body || (document.body.childElementCount === 0 && document.body.textContent.trim() === '')")
        .put("returnByValue", true), wait).get(wait.toMillis() + 200, TimeUnit.MILLISECONDS);
    return answer.path("result").path("value").asBoolean(false);
  }

  private void attached(CdpEvent event) {
    if (!"page".equals(event.params().path("targetInfo").path("type").asText())) {
      return;
    }
    CdpSession page = client.session(event.params().path("sessionId").asText());
    pages.put(page.id(), page);
    // Enabling replays what the page logged before we attached; a page that closes meanwhile fails these.
    page.send("Runtime.enable");
    page.send("Log.enable");
  }

  private void keep(ConsoleEntry entry) {
    entries.add(entry);
    if (size.incrementAndGet() > maxEntries && entries.poll() != null) {
      size.decrementAndGet();
    }
  }

  private ConsoleEntry consoleEntry(JsonNode params) {
    StringBuilder text = new StringBuilder();
    for (JsonNode arg : params.path("args")) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(arg.has("value") ? arg.path("value").asText()
          : arg.path("description").asText(arg.path("type").asText()));
    }
    return new ConsoleEntry(clock.instant(), "console", params.path("type").asText("log"), text.toString(),
        Optional.empty());
  }

  private ConsoleEntry exceptionEntry(JsonNode params) {
    JsonNode details = params.path("exceptionDetails");
    String text = details.path("exception").path("description").asText(details.path("text").asText());
    return new ConsoleEntry(clock.instant(), "exception", "error", text,
        details.hasNonNull("url") ? Optional.of(details.path("url").asText()) : Optional.empty());
  }

  private ConsoleEntry logEntry(JsonNode params) {
    JsonNode entry = params.path("entry");
    String url = entry.path("url").asText("");
    return new ConsoleEntry(clock.instant(), "log." + entry.path("source").asText(), entry.path("level").asText(),
        entry.path("text").asText(), url.isEmpty() ? Optional.empty() : Optional.of(url));
  }

  private static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
