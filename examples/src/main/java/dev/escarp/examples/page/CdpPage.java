package dev.escarp.examples.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpSession;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One tab, driven over CDP: the handful of steps a browser test needs (navigate, evaluate, type,
 * click, wait, screenshot), blocking, with failures as {@link PageException}. A page is opened in
 * a browser connection ({@link #open}); escarp's reset closes whatever pages a holder leaves open.
 *
 * <p>Not a Playwright: no auto-waiting, no selectors beyond {@code document.querySelector}. It is
 * here to show that a leased browser is an ordinary CDP endpoint. Use it from one thread at a time.
 */
public final class CdpPage implements AutoCloseable {

  /** The longest any one step waits. */
  public static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CdpClient browser;
  private final String targetId;
  private final CdpSession session;
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Void>> awaitingLoad = new ConcurrentHashMap<>();

  private CdpPage(CdpClient browser, String targetId, CdpSession session) {
    this.browser = browser;
    this.targetId = targetId;
    this.session = session;
    session.onEvent("Page.lifecycleEvent", event -> {
      if ("load".equals(event.params().path("name").asText())) {
        String loaderId = event.params().path("loaderId").asText();
        loaded.add(loaderId);
        CompletableFuture<Void> waiter = awaitingLoad.get(loaderId);
        if (waiter != null) {
          waiter.complete(null);
        }
      }
    });
  }

  /** Opens a new {@code about:blank} tab in the browser behind {@code browser} (a browser-target connection). */
  public static CdpPage open(CdpClient browser) {
    Objects.requireNonNull(browser, "browser");
    String targetId = await(browser.send("Target.createTarget", object().put("url", "about:blank")), "open a tab")
        .path("targetId").asText();
    CdpSession session = await(browser.attachToTarget(targetId), "attach to the new tab");
    CdpPage page = new CdpPage(browser, targetId, session);
    await(session.send("Page.enable"), "enable page events");
    await(session.send("Page.setLifecycleEventsEnabled", object().put("enabled", true)), "enable lifecycle events");
    return page;
  }

  /** The tab's CDP target id. */
  public String targetId() {
    return targetId;
  }

  /** The flattened CDP session of this tab, for commands this class does not wrap. */
  public CdpSession session() {
    return session;
  }

  /** Navigates and waits for the new document's {@code load} event. */
  public void navigate(String url) {
    ObjectNode result = await(session.send("Page.navigate", object().put("url", url)), "navigate to " + url);
    if (result.hasNonNull("errorText")) {
      throw new PageException("navigation to " + url + " failed: " + result.get("errorText").asText());
    }
    String loaderId = result.path("loaderId").asText("");
    if (loaderId.isEmpty()) {
      return; // a same-document navigation (a #fragment): no new document to wait for
    }
    CompletableFuture<Void> load = awaitingLoad.computeIfAbsent(loaderId, id -> new CompletableFuture<>());
    if (loaded.contains(loaderId)) {
      load.complete(null);
    }
    try {
      await(load, "load " + url);
    } finally {
      awaitingLoad.remove(loaderId);
    }
  }

  /**
   * Evaluates a JavaScript expression in the page (promises are awaited) and returns its value as
   * JSON; {@code undefined} comes back as JSON null. A thrown error becomes a {@link PageException}.
   */
  public JsonNode evaluate(String expression) {
    ObjectNode params = object().put("expression", expression).put("returnByValue", true).put("awaitPromise", true);
    ObjectNode result = await(session.send("Runtime.evaluate", params), "evaluate " + abbreviate(expression));
    JsonNode thrown = result.get("exceptionDetails");
    if (thrown != null) {
      String description = thrown.path("exception").path("description").asText(thrown.path("text").asText());
      throw new PageException("script failed: " + description + " (in: " + abbreviate(expression) + ")");
    }
    JsonNode value = result.path("result").get("value");
    return value == null ? NullNode.instance : value;
  }

  /** {@link #evaluate} as text. */
  public String evaluateString(String expression) {
    return evaluate(expression).asText();
  }

  /** The page's title. */
  public String title() {
    return evaluateString("document.title");
  }

  /** The text of the first element matching {@code selector}. */
  public String text(String selector) {
    return evaluateString(element(selector) + ".textContent");
  }

  /** Focuses the element, selects what it holds, and types {@code text} into it (as keyboard input would). */
  public void fill(String selector, String text) {
    evaluate("(() => { const e = " + element(selector) + "; e.focus(); if (e.select) e.select(); })()");
    await(session.send("Input.insertText", object().put("text", text)), "type into " + selector);
  }

  /** Clicks the element (a DOM click: events fire, default actions run). */
  public void click(String selector) {
    evaluate(element(selector) + ".click()");
  }

  /** Polls a JavaScript condition every 20 ms until it is truthy; fails after {@link #STEP_TIMEOUT}. */
  public void waitFor(String condition) {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      JsonNode value = evaluate("!!(" + condition + ")");
      if (value.asBoolean()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new PageException("still false after " + STEP_TIMEOUT.toSeconds() + " s: " + condition);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PageException("interrupted while waiting for: " + condition, e);
      }
    }
  }

  /** A PNG of the visible part of the page. */
  public byte[] screenshot() {
    ObjectNode result = await(session.send("Page.captureScreenshot", object().put("format", "png")), "take a screenshot");
    return Base64.getDecoder().decode(result.path("data").asText());
  }

  /** Closes the tab. Closing twice, or after the browser was reset, is harmless. */
  @Override
  public void close() {
    try {
      browser.send("Target.closeTarget", object().put("targetId", targetId)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // already gone, or the browser is: nothing left to close
    }
  }

  @Override
  public String toString() {
    return "CdpPage[" + targetId + "]";
  }

  /** A JavaScript expression for the element, throwing a readable error when there is none. */
  private static String element(String selector) {
    String literal = jsString(selector);
    return "(document.querySelector(" + literal + ") || (() => { throw new Error('no element matches ' + "
        + literal + "); })())";
  }

  /** A JavaScript string literal (JSON's string syntax is a subset of JavaScript's). */
  public static String jsString(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static <T> T await(CompletableFuture<T> future, String step) {
    try {
      return future.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PageException("interrupted: " + step, e);
    } catch (ExecutionException e) {
      throw new PageException("could not " + step + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new PageException("could not " + step + " within " + STEP_TIMEOUT.toSeconds() + " s", e);
    }
  }

  private static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }
}
