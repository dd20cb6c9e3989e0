package dev.escarp.cdp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The same work as {@code CdpSlotResetter}, step for step, over {@link RawCdpSocket}: discover,
 * connect, open about:blank, close the other pages (all in flight at once), for {@code clean}
 * wipe through a flattened page session, then verify (one page at about:blank; no cookies).
 */
final class RawReset {

  private RawReset() {}

  static void discoverConnectAndReset(int port, boolean clean) throws IOException {
    try (RawCdpSocket socket = RawCdpSocket.open(RawCdpSocket.discover(port))) {
      reset(socket, clean);
    }
  }

  static void reset(RawCdpSocket s, boolean clean) throws IOException {
    String keep = s.call("Target.createTarget", obj().put("url", "about:blank")).get("targetId").asText();
    List<String> others = new ArrayList<>();
    for (JsonNode info : s.call("Target.getTargets").path("targetInfos")) {
      if (info.path("type").asText().equals("page") && !info.path("targetId").asText().equals(keep)) {
        others.add(info.path("targetId").asText());
      }
    }
    List<ObjectNode> closes = new ArrayList<>();
    others.forEach(id -> closes.add(obj().put("targetId", id)));
    s.callAll(Collections.nCopies(closes.size(), "Target.closeTarget"), closes, null);
    if (clean) {
      List<String> contexts = new ArrayList<>();
      s.call("Target.getBrowserContexts").path("browserContextIds").forEach(c -> contexts.add(c.asText()));
      List<ObjectNode> disposals = new ArrayList<>();
      contexts.forEach(c -> disposals.add(obj().put("browserContextId", c)));
      s.callAll(Collections.nCopies(disposals.size(), "Target.disposeBrowserContext"), disposals, null);
      String session =
          s.call("Target.attachToTarget", obj().put("targetId", keep).put("flatten", true)).get("sessionId").asText();
      s.await(s.send("Storage.clearDataForOrigin", obj().put("origin", "*").put("storageTypes", "all"), session));
      s.await(s.send("Network.clearBrowserCache", null, session));
      s.await(s.send("Network.clearBrowserCookies", null, session));
      s.send("Target.detachFromTarget", obj().put("sessionId", session), null);
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (true) {
      List<String> pages = new ArrayList<>();
      for (JsonNode info : s.call("Target.getTargets").path("targetInfos")) {
        if (info.path("type").asText().equals("page")) {
          pages.add(info.path("url").asText());
        }
      }
      if (pages.equals(List.of("about:blank"))) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("raw reset did not verify: " + pages);
      }
      sleep();
    }
    if (clean && s.call("Storage.getCookies").path("cookies").size() != 0) {
      throw new IOException("raw clean reset left cookies");
    }
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static ObjectNode obj() {
    return RawCdpSocket.JSON.createObjectNode();
  }
}
