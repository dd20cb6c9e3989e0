package dev.escarp.broker.bench;

import dev.escarp.broker.testing.CdpSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream of screencast-sized frames through one lease's relay: an animated page captured as
 * JPEG (800x600, quality 60) again and again, each answer one WebSocket frame to the client.
 * Stands in for {@code Page.startScreencast}, which headless Chromium 156 here answers with one
 * frame per page and then nothing, even to Playwright's own CDP session on the browser's port.
 */
final class FrameStream {

  static final String ANIMATED = "data:text/html,<body><h1 id=t></h1><script>"
      + "(function f(){document.getElementById('t').textContent=Math.random();"
      + "document.body.style.background='hsl('+(Date.now()%360)+',50%,50%)';requestAnimationFrame(f)})()</script>";

  private FrameStream() {
  }

  /** {@code pageSocket}: a page already showing {@link #ANIMATED}. */
  static Thread start(String pageSocket, AtomicLong frames, AtomicBoolean stop) throws Exception {
    CdpSocket page = CdpSocket.open(pageSocket);
    retrying(page, "Emulation.setDeviceMetricsOverride", CdpSocket.params().put("width", 800).put("height", 600)
        .put("deviceScaleFactor", 1).put("mobile", false));
    // Opened at ANIMATED: a page target navigated after it was made loses its page session here.
    retrying(page, "Page.captureScreenshot", CdpSocket.params().put("format", "jpeg").put("quality", 60));
    Thread stream = new Thread(() -> {
      try (page) {
        while (!stop.get()) {
          page.send("Page.captureScreenshot", CdpSocket.params().put("format", "jpeg").put("quality", 60));
          frames.incrementAndGet();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "frames");
    stream.setDaemon(true);
    stream.start();
    return stream;
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
}
