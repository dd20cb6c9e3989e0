package dev.escarp.macos.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.core.slot.Slot;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link SlotWindows} over a browser-target CDP connection. Closing it closes the connection. */
public final class CdpSlotWindows implements SlotWindows {

  private final CdpClient browser;
  private final Duration timeout;

  public CdpSlotWindows(CdpClient browser, Duration timeout) {
    this.browser = Objects.requireNonNull(browser, "browser");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Finds the slot's browser ({@code /json/version}) and connects to it. */
  public static CdpSlotWindows open(Slot slot, VersionProbe probe, CdpConnector connector, Duration timeout) {
    ProbeResult probed = probe.probe(slot.cdpPort());
    if (!(probed instanceof ProbeResult.Found found)) {
      throw new WindowCdpException(
          "no browser answers on port " + slot.cdpPort() + " (" + ((ProbeResult.NothingThere) probed).reason() + ")");
    }
    CdpClient client = await(connector.connect(found.browser().webSocketDebuggerUrl()), timeout, "connect");
    return new CdpSlotWindows(client, timeout);
  }

  @Override
  public String pageTargetId() {
    JsonNode targets = call("Target.getTargets", null).path("targetInfos");
    for (JsonNode target : targets) {
      if ("page".equals(target.path("type").asText())) {
        return target.path("targetId").asText();
      }
    }
    throw new WindowCdpException("the browser has no page open, so it has no window to identify");
  }

  @Override
  public CdpWindow windowForTarget(String targetId) {
    ObjectNode result = call("Browser.getWindowForTarget", params().put("targetId", targetId));
    JsonNode bounds = result.path("bounds");
    if (!result.has("windowId") || !bounds.has("width")) {
      throw new WindowCdpException("Browser.getWindowForTarget answered without a window: " + result);
    }
    return new CdpWindow(
        result.path("windowId").asLong(),
        new Bounds(bounds.path("left").asInt(), bounds.path("top").asInt(), bounds.path("width").asInt(),
            bounds.path("height").asInt()),
        bounds.path("windowState").asText("normal"));
  }

  @Override
  public void setWindowBounds(long windowId, Bounds bounds) {
    // CDP refuses a frame for a window that is not in the normal state: restore it first.
    ObjectNode restore = params().put("windowId", windowId);
    restore.putObject("bounds").put("windowState", "normal");
    call("Browser.setWindowBounds", restore);
    ObjectNode frame = params().put("windowId", windowId);
    frame.putObject("bounds")
        .put("left", bounds.x()).put("top", bounds.y()).put("width", bounds.width()).put("height", bounds.height());
    call("Browser.setWindowBounds", frame);
  }

  @Override
  public OptionalLong browserPid() {
    try {
      for (JsonNode process : call("SystemInfo.getProcessInfo", null).path("processInfo")) {
        if ("browser".equals(process.path("type").asText()) && process.path("id").canConvertToLong()) {
          return OptionalLong.of(process.path("id").asLong());
        }
      }
    } catch (WindowCdpException e) {
      // Not every build serves SystemInfo; matching then goes by frame alone.
    }
    return OptionalLong.empty();
  }

  @Override
  public void bringToFront(String targetId) {
    CdpSession session = await(browser.attachToTarget(targetId), timeout, "Target.attachToTarget");
    try {
      await(session.send("Page.bringToFront"), timeout, "Page.bringToFront");
    } finally {
      session.detach(); // best effort; the session ends with the connection anyway
    }
  }

  @Override
  public void close() {
    browser.close();
  }

  private ObjectNode call(String method, ObjectNode params) {
    return await(browser.send(method, params, timeout), timeout.plusSeconds(1), method);
  }

  private static ObjectNode params() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new WindowCdpException(what + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new WindowCdpException(what + " got no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WindowCdpException("interrupted during " + what, e);
    }
  }
}
