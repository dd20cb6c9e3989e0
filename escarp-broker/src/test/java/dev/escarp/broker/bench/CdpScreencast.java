package dev.escarp.broker.bench;

import dev.escarp.broker.testing.CdpSocket;
import java.util.concurrent.atomic.AtomicLong;

/** A page that repaints all the time, screencast through a socket whose frames are acked as they come. */
final class CdpScreencast {

  private static final String ANIMATED = "data:text/html,<body><h1 id=t></h1><script>"
      + "(function f(){document.getElementById('t').textContent=Math.random();"
      + "document.body.style.background='hsl('+(Date.now()%360)+',50%,50%)';requestAnimationFrame(f)})()</script>";

  private CdpScreencast() {
  }

  /** A page target made or navigated a moment ago may not be attached yet ("Not attached to an active page"). */
  private static void retrying(CdpSocket page, String method, com.fasterxml.jackson.databind.node.ObjectNode params)
      throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        page.send(method, params);
        return;
      } catch (Exception notYet) {
        if (attempt == 50) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }

  static CdpSocket start(String pageSocket, AtomicLong frames) throws Exception {
    CdpSocket page = CdpSocket.open(pageSocket);
    page.onEvent(event -> {
      if (event.path("method").asText().equals("Page.screencastFrame")) {
        frames.incrementAndGet();
        page.sendAsync("Page.screencastFrameAck",
            CdpSocket.params().put("sessionId", event.path("params").path("sessionId").asInt()), null);
      }
    });
    retrying(page, "Page.enable", CdpSocket.params());
    retrying(page, "Page.navigate", CdpSocket.params().put("url", ANIMATED));
    retrying(page, "Page.startScreencast", CdpSocket.params().put("format", "jpeg").put("quality", 60)
        .put("maxWidth", 800).put("maxHeight", 600));
    return page;
  }
}
