package dev.escarp.broker.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.client.CdpEvent;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.core.json.JsonTrees;
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
 * The daemon's own CDP connection to a leased browser (its own port, not the relay): attached to
 * every page, whoever opened it, keeping console messages, uncaught exceptions and log entries.
 * Its sessions are its own: {@code Runtime.enable} there changes nothing the holder's sessions
 * see, and pages are not paused on start ({@code waitForDebuggerOnStart: false}), so the holder
 * pays nothing. Listeners run on the CDP event loop and only append to a bounded queue.
 */
final class ConsoleWatch implements AutoCloseable {

  /** The newest this many messages are kept per lease. */
  static final int MAX_MESSAGES = 1000;

  private final CdpClient client;
  private final Clock clock;
  private final ConcurrentLinkedQueue<ObjectNode> messages = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final Map<String, CdpSession> pages = new ConcurrentHashMap<>();

  private ConsoleWatch(CdpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  static CompletableFuture<ConsoleWatch> start(CdpConnector connector, URI browserWsUrl, Map<String, String> headers,
      Clock clock) {
    return connector.connect(browserWsUrl, headers).thenCompose(client -> {
      ConsoleWatch watch = new ConsoleWatch(client, clock);
      client.onEvent("Target.attachedToTarget", watch::attached);
      client.onEvent("Target.detachedFromTarget", e -> watch.pages.remove(e.params().path("sessionId").asText()));
      client.onEvent("Runtime.consoleAPICalled", e -> watch.keep(consoleEntry(e.params())));
      client.onEvent("Runtime.exceptionThrown", e -> watch.keep(exceptionEntry(e.params())));
      client.onEvent("Log.entryAdded", e -> watch.keep(logEntry(e.params())));
      ObjectNode autoAttach = JsonTrees.object().put("autoAttach", true).put("waitForDebuggerOnStart", false)
          .put("flatten", true);
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
    // Enabling replays what the page logged before we attached; a page that closes meanwhile fails these.
    page.send("Runtime.enable");
    page.send("Log.enable");
  }

  private void keep(ObjectNode entry) {
    entry.set("at", JsonTrees.epochSeconds(clock.instant()));
    messages.add(entry);
    if (size.incrementAndGet() > MAX_MESSAGES && messages.poll() != null) {
      size.decrementAndGet();
    }
  }

  /**
   * The messages so far, oldest first, after a round trip to each page (bounded by {@code wait}):
   * a page's events travel ahead of its answer, so what it logged just before the end is in.
   */
  List<ObjectNode> console(Duration wait) {
    CompletableFuture<?>[] roundTrips = pages.values().stream()
        .map(page -> page.send("Runtime.evaluate", JsonTrees.object().put("expression", "0"), wait))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(roundTrips).get(wait.toMillis() + 200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A page that closed or hangs: what arrived is what there is.
    }
    return new ArrayList<>(messages);
  }

  /**
   * A PNG of the page the holder most likely looked at: the first page (Chromium lists the most
   * recently active first) that is not blank, else the first {@code about:blank} with something
   * written into it. Empty when there is none: short leases that left their page empty (they
   * churn) do not make their reset wait on a picture of nothing.
   */
  Optional<byte[]> screenshot(Duration wait) throws Exception {
    JsonNode targets = client.send("Target.getTargets", JsonTrees.object(), wait)
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
        // optimizeForSpeed: a faster, larger PNG; the reset waits on this one.
        JsonNode shot = session.send("Page.captureScreenshot", JsonTrees.object().put("format", "png")
            .put("optimizeForSpeed", true), wait)
            .get(wait.toMillis() + 200, TimeUnit.MILLISECONDS);
        return Optional.of(Base64.getDecoder().decode(shot.path("data").asText()));
      } finally {
        session.detach();
      }
    }
    return Optional.empty();
  }

  /** Whether a blank page is empty, nothing written into it (a {@code setContent} keeps about:blank). */
  private static boolean showsNothing(CdpSession session, Duration wait) throws Exception {
    JsonNode answer = session.send("Runtime.evaluate", JsonTrees.object().put("expression",
        "!document.body || (document.body.childElementCount === 0 && document.body.textContent.trim() === '')")
        .put("returnByValue", true), wait).get(wait.toMillis() + 200, TimeUnit.MILLISECONDS);
    return answer.path("result").path("value").asBoolean(false);
  }

  @Override
  public void close() {
    client.close();
  }

  private static ObjectNode consoleEntry(JsonNode params) {
    StringBuilder text = new StringBuilder();
    for (JsonNode arg : params.path("args")) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(arg.has("value") ? arg.path("value").asText()
          : arg.path("description").asText(arg.path("type").asText()));
    }
    return JsonTrees.object().put("source", "console").put("level", params.path("type").asText("log"))
        .put("text", text.toString());
  }

  private static ObjectNode exceptionEntry(JsonNode params) {
    JsonNode details = params.path("exceptionDetails");
    String text = details.path("exception").path("description").asText(details.path("text").asText());
    ObjectNode entry = JsonTrees.object().put("source", "exception").put("level", "error").put("text", text);
    if (details.hasNonNull("url")) {
      entry.put("url", details.path("url").asText());
    }
    return entry;
  }

  private static ObjectNode logEntry(JsonNode params) {
    JsonNode entry = params.path("entry");
    ObjectNode out = JsonTrees.object().put("source", "log." + entry.path("source").asText())
        .put("level", entry.path("level").asText()).put("text", entry.path("text").asText());
    if (!entry.path("url").asText("").isEmpty()) {
      out.put("url", entry.path("url").asText());
    }
    return out;
  }
}
