package dev.escarp.cdp.reset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpCommandException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Target-domain commands over a browser-target connection. */
final class BrowserTargets {

  static final String BLANK = "about:blank";

  private final CdpClient browser;

  BrowserTargets(CdpClient browser) {
    this.browser = browser;
  }

  /** Opens an {@code about:blank} page in the default context; yields its target id. */
  CompletableFuture<String> openBlankPage() {
    return Steps.step(browser.send("Target.createTarget", params().put("url", BLANK)), "could not open about:blank")
        .thenApply(result -> {
          String id = result.path("targetId").asText("");
          if (id.isEmpty()) {
            throw new CompletionException(
                new ResetFailedException("Target.createTarget returned no targetId: " + result));
          }
          return id;
        });
  }

  /** Every page target (not workers, not the browser's own UI targets). */
  CompletableFuture<List<PageTarget>> pages() {
    return Steps.step(browser.send("Target.getTargets"), "could not list targets").thenApply(result -> {
      List<PageTarget> pages = new ArrayList<>();
      for (JsonNode info : result.path("targetInfos")) {
        if ("page".equals(info.path("type").asText())) {
          pages.add(new PageTarget(info.path("targetId").asText(), info.path("url").asText()));
        }
      }
      return pages;
    });
  }

  /**
   * Closes targets, all commands in flight at once. A target that is already gone is not an error;
   * whether everything went is for verification to decide.
   */
  CompletableFuture<Void> close(Collection<String> targetIds) {
    List<CompletableFuture<?>> closing = new ArrayList<>(targetIds.size());
    for (String id : targetIds) {
      closing.add(Steps.step(
          browser.send("Target.closeTarget", params().put("targetId", id))
              .exceptionally(error -> {
                if (Steps.unwrap(error) instanceof CdpCommandException) {
                  return null; // closed on its own meanwhile
                }
                throw new CompletionException(Steps.unwrap(error));
              }),
          "could not close a page"));
    }
    return CompletableFuture.allOf(closing.toArray(CompletableFuture<?>[]::new));
  }

  /** Browser contexts other than the default one (those a holder created). */
  CompletableFuture<List<String>> extraContexts() {
    return Steps.step(browser.send("Target.getBrowserContexts"), "could not list browser contexts")
        .thenApply(result -> {
          List<String> ids = new ArrayList<>();
          result.path("browserContextIds").forEach(id -> ids.add(id.asText()));
          return ids;
        });
  }

  CompletableFuture<Void> disposeContexts(Collection<String> contextIds) {
    List<CompletableFuture<?>> disposing = new ArrayList<>(contextIds.size());
    for (String id : contextIds) {
      disposing.add(Steps.step(
          browser.send("Target.disposeBrowserContext", params().put("browserContextId", id)),
          "could not dispose a browser context"));
    }
    return CompletableFuture.allOf(disposing.toArray(CompletableFuture<?>[]::new));
  }

  static ObjectNode params() {
    return JsonNodeFactory.instance.objectNode();
  }
}
