package dev.escarp.broker.bench;

import static org.awaitility.Awaitility.await;

import dev.escarp.broker.testing.CdpSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream of screencast-sized frames through one lease's relay: an animated page captured as
 * JPEG (800x600, quality 60) again and again, each answer one WebSocket frame to the client: a
 * steady load of large frames the client paces itself.
 */
final class FrameStream {

  /**
   * A page that repaints every frame. Its {@code %} are escaped: a data URL is percent-decoded, so
   * an unescaped {@code Date.now()%360} would become a syntax error and the page would never paint
   * again (the relay benchmark's figures before this escape were taken of such a still page).
   */
  static final String ANIMATED = "data:text/html," + ("<body><h1 id=t></h1><script>"
      + "(function f(){document.getElementById('t').textContent=Math.random();"
      + "document.body.style.background='hsl('+(Date.now()%360)+',50%,50%)';requestAnimationFrame(f)})()</script>")
      .replace("%", "%25");

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
  private static void retrying(CdpSocket page, String method, com.fasterxml.jackson.databind.node.ObjectNode params) {
    await(method + " answered").atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
      page.send(method, params);
      return true;
    });
  }
}
