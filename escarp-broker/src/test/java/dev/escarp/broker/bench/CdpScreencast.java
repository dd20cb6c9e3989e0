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

  static CdpSocket start(String pageSocket, AtomicLong frames) throws Exception {
    CdpSocket page = CdpSocket.open(pageSocket);
    page.onEvent(event -> {
      if (event.path("method").asText().equals("Page.screencastFrame")) {
        frames.incrementAndGet();
        page.sendAsync("Page.screencastFrameAck",
            CdpSocket.params().put("sessionId", event.path("params").path("sessionId").asInt()), null);
      }
    });
    page.send("Page.navigate", CdpSocket.params().put("url", ANIMATED));
    page.send("Page.startScreencast", CdpSocket.params().put("format", "jpeg").put("quality", 60)
        .put("maxWidth", 800).put("maxHeight", 600));
    return page;
  }
}
