package dev.escarp.cdp.storage;


import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpEvent;
import dev.escarp.cdp.client.Subscription;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the localStorage of several http(s) origins at once, in one pass per origin and no
 * round trip per step: while the browser target's {@code Fetch} answers every request to these
 * origins, one scratch page per origin is created straight at its URL; the document it gets is a
 * page whose inline script writes the items, then calls back with a request to a one-off URL,
 * which tells that the writes ran. The page is then closed. Compared with a page at about:blank,
 * a navigation, an evaluate and its compile, this saves three round trips per origin.
 *
 * <p>The writes are made before the call-back is sent, the way an evaluate's answer follows them:
 * a later page of the origin (another renderer) reads them from the browser's storage service.
 */
final class LocalStorageSeed {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final CdpClient browser;
  /** Only this load's call-backs count: a page cannot guess it. */
  private final String nonce = UUID.randomUUID().toString();
  private final List<Seed> seeds = new ArrayList<>();
  /** Completes per target once the browser reports it destroyed (either may come first). */
  private final Map<String, CompletableFuture<Void>> destroyed = new ConcurrentHashMap<>();

  /** One origin's page: what its document is, and whether its script called back. */
  private record Seed(String origin, String document, CompletableFuture<Boolean> written) {}

  LocalStorageSeed(CdpClient browser, List<OriginStorage> origins) {
    this.browser = browser;
    for (OriginStorage o : origins) {
      seeds.add(new Seed(o.origin(), encode(page(o)), new CompletableFuture<>()));
    }
  }

  /** Whether {@link #write} can take the origin: one that Fetch intercepts. */
  static boolean fits(String origin) {
    return origin.startsWith("http://") || origin.startsWith("https://");
  }

  /**
   * Writes every origin's items; completes once each page's script has called back and the page
   * was closed, and Fetch is off again (failed or not). Fails with an {@link IOException} cause
   * naming the origin whose storage refused the items (never the items).
   */
  CompletableFuture<Void> write(Duration timeout) {
    Subscription paused = browser.onEvent("Fetch.requestPaused", this::answer);
    Subscription gone = browser.onEvent("Target.targetDestroyed", e -> {
      if (e.sessionId().isEmpty()) {
        destroyedFuture(e.params().path("targetId").asText()).complete(null);
      }
    });
    // Target events while loading, so a closed page is known gone the moment it is (no polling);
    // sent ahead of Fetch.enable, whose answer (awaited before any page) follows it.
    CompletableFuture<ObjectNode> discovering =
        browser.send("Target.setDiscoverTargets", JSON.objectNode().put("discover", true));
    ObjectNode enable = JSON.objectNode();
    ArrayNode patterns = enable.putArray("patterns");
    for (Seed s : seeds) {
      patterns.addObject().put("urlPattern", s.origin() + "/*").put("requestStage", "Request");
      s.written().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    // Fetch.enable answers once interception is in place: only then may a page start loading.
    CompletableFuture<ObjectNode> enabled = browser.send("Fetch.enable", enable);
    enabled.whenComplete((on, error) -> {
      if (error != null) {
        seeds.forEach(s -> s.written().completeExceptionally(error));
      }
    });
    List<CompletableFuture<Void>> pages = new ArrayList<>();
    for (Seed s : seeds) {
      pages.add(enabled.thenCombine(discovering, (on, d) -> s).thenCompose(seed -> visit(seed, timeout)));
    }
    // Once every script called back (the documents ask for nothing more, not even a favicon),
    // Fetch goes off while the pages close; the listener answers until then.
    CompletableFuture<Void> off = CompletableFuture.allOf(seeds.stream().map(Seed::written)
            .toArray(CompletableFuture[]::new))
        .handle((all, error) -> browser.send("Fetch.disable"))
        .thenCompose(f -> f.handle((disabled, error) -> (Void) null))
        .whenComplete((v, error) -> paused.close());
    CompletableFuture<Void> visited = CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new));
    CompletableFuture<Void> undiscovered = visited
        .handle((all, error) -> browser.send("Target.setDiscoverTargets", JSON.objectNode().put("discover", false)))
        .thenCompose(f -> f.handle((stopped, error) -> (Void) null))
        .whenComplete((v, error) -> gone.close());
    return visited
        .handle((ok, error) -> CompletableFuture.allOf(off, undiscovered).handle((v, ignored) -> {
          if (error != null) {
            throw error instanceof CompletionException c ? c : new CompletionException(error);
          }
          return (Void) null;
        }))
        .thenCompose(f -> f);
  }

  /** Opens the origin's page, waits for its call-back, closes the page (failed or not). */
  private CompletableFuture<Void> visit(Seed s, Duration timeout) {
    ObjectNode create = JSON.objectNode().put("url", s.origin() + "/").put("background", true);
    return browser.send("Target.createTarget", create).thenCompose(created -> {
      String targetId = created.path("targetId").asText();
      return s.written()
          .handle((ok, error) -> browser.send("Target.closeTarget", JSON.objectNode().put("targetId", targetId))
              .thenCompose(closed -> destroyedFuture(targetId)
                  .completeOnTimeout(null, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS))
              .handle((closed, ignored) -> {
                Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                if (cause instanceof TimeoutException) {
                  throw new CompletionException(new IOException("the scratch page of " + s.origin()
                      + " did not write its items within " + timeout.toMillis() + " ms"));
                }
                if (cause != null) {
                  throw new CompletionException(cause);
                }
                if (!ok) {
                  throw new CompletionException(new IOException("the localStorage of " + s.origin()
                      + " refused the items (over its quota?)"));
                }
                return (Void) null;
              }))
          .thenCompose(f -> f);
    });
  }

  /**
   * Completes once the browser reports the target destroyed ({@code Target.targetDestroyed}):
   * {@code Target.closeTarget} answers when the close starts, and a holder listing pages right
   * after the acquire must not find the scratch page still there. The caller bounds the wait;
   * past it, the page is left to the caller's checks.
   */
  private CompletableFuture<Void> destroyedFuture(String targetId) {
    return destroyed.computeIfAbsent(targetId, id -> new CompletableFuture<>());
  }

  /** Answers a paused request of the browser target (runs on the event loop; never blocks). */
  private void answer(CdpEvent event) {
    if (event.sessionId().isPresent()) {
      return; // a page session's own Fetch, not this one
    }
    ObjectNode p = event.params();
    String url = p.path("request").path("url").asText();
    String requestId = p.path("requestId").asText();
    for (Seed s : seeds) {
      if (!url.startsWith(s.origin() + "/")) {
        continue;
      }
      String callBack = s.origin() + callBackPath();
      if (url.startsWith(callBack + "?ok=")) {
        fulfill(requestId, 204, null);
        s.written().complete(url.equals(callBack + "?ok=1"));
      } else if ("Document".equals(p.path("resourceType").asText())) {
        fulfill(requestId, 200, s.document());
      } else {
        fulfill(requestId, 404, null); // a favicon, say: nothing reaches the network
      }
      return;
    }
    // Not one of these origins (patterns keep this from happening): let it go unchanged.
    browser.send("Fetch.continueRequest", JSON.objectNode().put("requestId", requestId));
  }

  private void fulfill(String requestId, int status, String body) {
    ObjectNode f = JSON.objectNode().put("requestId", requestId).put("responseCode", status);
    if (body != null) {
      f.put("body", body);
      f.putArray("responseHeaders").addObject().put("name", "Content-Type").put("value", "text/html; charset=utf-8");
    }
    browser.send("Fetch.fulfillRequest", f); // fails harmlessly when the page is already gone
  }

  private String callBackPath() {
    return "/.escarp-storage-" + nonce;
  }

  /**
   * The document: the items as a JSON literal ({@code <} escaped, so no item can end the script
   * element), written one by one; a write that throws (quota) reports {@code ok=0}.
   */
  private String page(OriginStorage o) {
    ArrayNode pairs = JSON.arrayNode();
    o.localStorage().forEach((k, v) -> pairs.addArray().add(k).add(v));
    String items = JsonTrees.text(pairs).replace("<", "\\u003c");
    return "<!doctype html><meta charset=utf-8><link rel=icon href=\"data:,\"><script>let ok = 1; try { for (const [k, v] of " + items
        + ") localStorage.setItem(k, v); } catch (e) { ok = 0; } fetch(\"" + callBackPath()
        + "?ok=\" + ok);</script>";
  }

  private static String encode(String html) {
    return Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8));
  }
}
