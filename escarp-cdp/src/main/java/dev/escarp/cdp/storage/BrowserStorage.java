package dev.escarp.cdp.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.cdp.client.Subscription;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads and writes a browser's logins ({@link StorageState}) over a browser-target CDP connection,
 * the way Playwright does: cookies through {@code Storage.getCookies}/{@code setCookies}; the
 * localStorage of an origin through a scratch page that "visits" the origin while {@code Fetch}
 * answers every request (nothing reaches the network, and the site need not be up): to write, a
 * page whose own script writes the items ({@link LocalStorageSeed}); to read, an empty page and
 * an evaluate there. One scratch page per origin, all at once; scratch pages are closed before
 * returning.
 *
 * <p>Blocking: call it on a thread that may wait (never a CDP event loop). Messages never carry
 * cookie or storage values.
 */
public final class BrowserStorage {

  private static final String EMPTY_PAGE =
      Base64.getEncoder().encodeToString("<!doctype html><title></title>".getBytes(StandardCharsets.UTF_8));

  private final CdpClient browser;
  private final Duration timeout;

  public BrowserStorage(CdpClient browser, Duration timeout) {
    this.browser = browser;
    this.timeout = timeout;
  }

  /** How many cookies the browser holds (of its default context). */
  public int cookieCount() throws IOException {
    return await(browser.send("Storage.getCookies"), "could not list cookies").path("cookies").size();
  }

  /**
   * Adds the state's cookies and localStorage to the browser (which should be clean): the cookies,
   * and every http(s) origin's localStorage by a {@link LocalStorageSeed}, all at once; any other
   * origin's by the scratch page's evaluate.
   */
  public void load(StorageState state) throws IOException {
    await(loading(state, CompletableFuture.completedFuture(null)), "could not load the profile");
  }

  /**
   * As {@link #load}, into a browser believed clean, checking that belief on the way instead of
   * before: the cookie count is asked first, the localStorage pages start at once, and the cookies
   * go in once the count is back (so it counts only what was there). True when the browser held
   * no cookies; false when it held some, in which case the load went in over them and the caller
   * must wipe the browser and load again.
   */
  public boolean loadIfNoCookies(StorageState state) throws IOException {
    CompletableFuture<Integer> count = browser.send("Storage.getCookies").thenApply(r -> r.path("cookies").size());
    CompletableFuture<Void> loaded = loading(state, count);
    // A failed count fails the load too (its cookies wait on it); the count's own error comes first.
    int before = await(count, "could not list cookies");
    await(loaded, "could not load the profile");
    return before == 0;
  }

  /** All of the load's steps at once; the cookies are set once {@code cookiesAfter} completes. */
  private CompletableFuture<Void> loading(StorageState state, CompletableFuture<?> cookiesAfter) {
    List<CompletableFuture<?>> steps = new ArrayList<>();
    if (!state.cookies().isEmpty()) {
      ArrayNode cookies = JsonNodeFactory.instance.arrayNode();
      for (StoredCookie c : state.cookies()) {
        ObjectNode p = cookies.addObject().put("name", c.name()).put("value", c.value()).put("domain", c.domain())
            .put("path", c.path()).put("httpOnly", c.httpOnly()).put("secure", c.secure())
            .put("sameSite", c.sameSite());
        if (c.expires() > 0) {
          p.put("expires", c.expires());
        }
      }
      ObjectNode params = JsonNodeFactory.instance.objectNode();
      params.set("cookies", cookies);
      // The scratch pages' requests never reach the network, so cookies and storage need no order.
      steps.add(step(cookiesAfter.thenCompose(ready -> browser.send("Storage.setCookies", params)),
          "could not set the profile's cookies"));
    }
    List<OriginStorage> withItems = state.origins().stream().filter(o -> !o.localStorage().isEmpty()).toList();
    List<OriginStorage> seeded = withItems.stream().filter(o -> LocalStorageSeed.fits(o.origin())).toList();
    if (!seeded.isEmpty()) {
      steps.add(step(new LocalStorageSeed(browser, seeded).write(timeout), "could not set the profile's localStorage"));
    }
    for (OriginStorage o : withItems) {
      if (!LocalStorageSeed.fits(o.origin())) {
        String items = JsonTrees.text(toPairs(o.localStorage()));
        steps.add(step(atOrigin(o.origin(), "(() => { for (const [k, v] of JSON.parse(" + quote(items) + "))"
            + " localStorage.setItem(k, v); return ''; })()"), "could not set the profile's localStorage"));
      }
    }
    return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
  }

  /** Prefixes a step's failure with what it was doing (the first failure is the one reported). */
  private static <T> CompletableFuture<T> step(CompletableFuture<T> step, String what) {
    return step.exceptionally(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      throw new CompletionException(new IOException(what + ": " + cause.getMessage(), cause));
    });
  }

  /** The browser's cookies, and the localStorage of these origins. */
  public StorageState read(Collection<String> origins) throws IOException {
    List<StoredCookie> cookies = new ArrayList<>();
    for (JsonNode c : await(browser.send("Storage.getCookies"), "could not read cookies").path("cookies")) {
      cookies.add(new StoredCookie(c.path("name").asText(), c.path("value").asText(), c.path("domain").asText(),
          c.path("path").asText("/"), c.path("session").asBoolean(false) ? -1 : c.path("expires").asDouble(-1),
          c.path("httpOnly").asBoolean(false), c.path("secure").asBoolean(false), c.path("sameSite").asText("Lax")));
    }
    if (origins.isEmpty()) {
      return new StorageState(cookies, List.of());
    }
    Map<String, CompletableFuture<String>> reads = new LinkedHashMap<>();
    for (String origin : origins) {
      reads.put(origin, atOrigin(origin, "JSON.stringify(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))"));
    }
    await(CompletableFuture.allOf(reads.values().toArray(CompletableFuture[]::new)), "could not read localStorage");
    List<OriginStorage> storage = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<String>> read : reads.entrySet()) {
      Map<String, String> items = new LinkedHashMap<>();
      try {
        for (JsonNode pair : JsonTrees.parse(read.getValue().join().getBytes(StandardCharsets.UTF_8))) {
          items.put(pair.get(0).asText(), pair.get(1).asText());
        }
      } catch (IOException | RuntimeException e) {
        throw new IOException("could not read the localStorage of " + read.getKey());
      }
      if (!items.isEmpty()) {
        storage.add(new OriginStorage(read.getKey(), items));
      }
    }
    return new StorageState(cookies, storage);
  }

  /** A JavaScript string literal (JSON's string syntax is a subset). */
  private static String quote(String s) {
    return JsonTrees.text(JsonNodeFactory.instance.textNode(s));
  }

  private static ArrayNode toPairs(Map<String, String> items) {
    ArrayNode pairs = JsonNodeFactory.instance.arrayNode();
    items.forEach((k, v) -> pairs.addArray().add(k).add(v));
    return pairs;
  }

  /**
   * Evaluates {@code expression} in a document of {@code origin}, on a scratch page of its own
   * (so several origins run at once): a page whose every request is answered with an empty page,
   * sent to the origin's root, then closed. Yields the expression's string value.
   */
  private CompletableFuture<String> atOrigin(String origin, String expression) {
    ObjectNode create = JsonNodeFactory.instance.objectNode().put("url", "about:blank").put("background", true);
    return browser.send("Target.createTarget", create).thenCompose(created -> {
      String targetId = created.path("targetId").asText();
      return browser.attachToTarget(targetId)
          .thenCompose(session -> {
            Subscription paused = session.onEvent("Fetch.requestPaused", e -> fulfill(session, e.params()));
            ObjectNode patterns = JsonNodeFactory.instance.objectNode();
            patterns.putArray("patterns").addObject().put("urlPattern", "*").put("requestStage", "Request");
            return session.send("Fetch.enable", patterns)
                .thenCompose(v -> session.send("Page.navigate",
                    JsonNodeFactory.instance.objectNode().put("url", origin + "/")))
                .thenCompose(navigated -> {
                  if (navigated.hasNonNull("errorText")) {
                    throw new CompletionException(new IOException("could not open " + origin + ": "
                        + navigated.path("errorText").asText()));
                  }
                  return evaluateIn(session, origin, expression, System.nanoTime() + timeout.toNanos());
                })
                .whenComplete((value, error) -> paused.close());
          })
          // The page is closed before the answer, failed or not: the holder never sees it.
          .handle((value, error) -> browser
              .send("Target.closeTarget", JsonNodeFactory.instance.objectNode().put("targetId", targetId))
              .handle((closed, ignored) -> {
                if (error != null) {
                  throw error instanceof CompletionException c ? c : new CompletionException(error);
                }
                return value;
              }))
          .thenCompose(f -> f);
    });
  }

  /**
   * The navigation has committed; the guard makes sure the script runs in the origin's new
   * document and not the old one, asking again (a round trip each, not a spin) until it does.
   */
  private CompletableFuture<String> evaluateIn(CdpSession session, String origin, String expression, long deadline) {
    String guarded = "(location.origin === " + quote(origin) + ") ? String(" + expression + ") : null";
    ObjectNode eval = JsonNodeFactory.instance.objectNode().put("expression", guarded).put("returnByValue", true);
    return session.send("Runtime.evaluate", eval).thenCompose(result -> {
      if (result.has("exceptionDetails")) {
        throw new CompletionException(new IOException("the storage of " + origin + " refused the script"));
      }
      JsonNode value = result.path("result").path("value");
      if (value.isTextual()) {
        return CompletableFuture.completedFuture(value.asText());
      }
      if (System.nanoTime() > deadline) {
        throw new CompletionException(new IOException("the scratch page never reached " + origin));
      }
      return evaluateIn(session, origin, expression, deadline);
    });
  }

  private static void fulfill(CdpSession session, ObjectNode paused) {
    ObjectNode p = JsonNodeFactory.instance.objectNode().put("requestId", paused.path("requestId").asText())
        .put("responseCode", 200).put("body", EMPTY_PAGE);
    p.putArray("responseHeaders").addObject().put("name", "Content-Type").put("value", "text/html");
    session.send("Fetch.fulfillRequest", p);
  }

  private <T> T await(CompletableFuture<T> step, String what) throws IOException {
    try {
      return step.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + ": interrupted");
    } catch (ExecutionException e) {
      throw new IOException(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException(what + ": no answer within " + timeout.toMillis() + " ms");
    }
  }
}
