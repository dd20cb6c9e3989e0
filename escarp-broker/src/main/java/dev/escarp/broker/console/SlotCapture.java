package dev.escarp.broker.console;

import dev.escarp.core.slot.RemoteBrowser;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.client.CdpEvent;
import dev.escarp.cdp.client.CdpSession;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.time.Scheduler;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One watched slot: a CDP connection to the browser's own port (never the lease's relay), the
 * page it shows, and a JPEG screencast of that page fanned out to the slot's viewers. The page
 * followed is the tab that most recently navigated away from {@code about:blank} (the holder's
 * work), else the newest tab. Chromium sends a frame when the page changes and waits for each frame's ack; the ack is
 * paced to at most {@code maxFps}, so a busy page costs a bounded rate. Viewers that cannot keep
 * up skip frames ({@link Viewer}). Stopped when its last viewer leaves: the connection closes,
 * and the screencast with it.
 */
final class SlotCapture {

  /** How long after a frame's ack without a newer frame the page counts as still. */
  private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** Page targets known, by id, with their URLs, in the order they last changed URL (newest last). */
  private final Map<String, String> pages = new LinkedHashMap<>();
  private final int slot;
  private final BrowserDirectory browsers;
  private final Optional<RemoteBrowser> remote;
  private final CdpConnector connector;
  private final Scheduler scheduler;
  private final long frameIntervalNanos;
  // Guarded by this.
  private final Set<Viewer> viewers = new HashSet<>();
  private CdpClient client;
  private CdpSession session;
  private String shown;
  private boolean stopped;
  private byte[] lastFrame;
  private String lastMeta;
  private long lastAckNanos;
  private long frameCount;
  /** The frame count when a settling capture was taken; the next screencast frame is its echo. */
  private long settledAt = -1;

  SlotCapture(int slot, BrowserDirectory browsers, Optional<RemoteBrowser> remote, CdpConnector connector,
      Scheduler scheduler, int maxFps) {
    this.remote = remote;
    this.slot = slot;
    this.browsers = browsers;
    this.connector = connector;
    this.scheduler = scheduler;
    this.frameIntervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, maxFps);
  }

  /** Adds a viewer; it gets the last frame at once, so a still page is not a blank view. */
  synchronized void add(Viewer viewer) {
    viewers.add(viewer);
    if (lastFrame != null) {
      viewer.offer(lastFrame, lastMeta);
    }
  }

  /** Removes a viewer; true when it was the last. */
  synchronized boolean remove(Viewer viewer) {
    viewers.remove(viewer);
    return viewers.isEmpty();
  }

  void start() {
    Optional<String> url = browsers.webSocketUrl(slot);
    if (url.isEmpty()) {
      tell("{\"type\":\"error\",\"message\":\"the browser of slot " + slot + " is not answering\"}");
      return;
    }
    URI browser = remote.map(r -> r.browserConnectUrl(URI.create(url.get()))).orElse(URI.create(url.get()));
    connector.connect(browser, remote.map(RemoteBrowser::headers).orElse(Map.of())).whenComplete((c, failure) -> {
      if (failure != null) {
        tell("{\"type\":\"error\",\"message\":\"cannot reach the browser of slot " + slot + "\"}");
        return;
      }
      synchronized (this) {
        if (stopped) {
          c.close();
          return;
        }
        client = c;
      }
      c.onEvent("Target.targetCreated", this::targetChanged);
      c.onEvent("Target.targetInfoChanged", this::targetChanged);
      c.onEvent("Target.targetDestroyed", e -> {
        synchronized (this) {
          pages.remove(e.params().path("targetId").asText());
        }
        follow();
      });
      c.onEvent("Page.screencastFrame", this::frame);
      c.send("Target.setDiscoverTargets", JsonTrees.object().put("discover", true)); // lists the tabs open now too
    });
  }

  private void targetChanged(CdpEvent e) {
    var info = e.params().path("targetInfo");
    if (!info.path("type").asText().equals("page")) {
      return;
    }
    String id = info.path("targetId").asText();
    String url = info.path("url").asText();
    synchronized (this) {
      if (!url.equals(pages.get(id))) {
        pages.remove(id); // re-inserted last: the page that navigated most recently is the one at work
        pages.put(id, url);
      }
    }
    follow();
  }

  /** Shows the page to follow, switching the screencast when it changed. */
  private void follow() {
    CdpClient c;
    String target;
    CdpSession old;
    synchronized (this) {
      if (stopped || client == null) {
        return;
      }
      target = pickPage();
      if (target == null || target.equals(shown)) {
        return;
      }
      c = client;
      old = session;
      shown = target;
      session = null;
    }
    if (old != null) {
      old.detach();
    }
    c.send("Target.attachToTarget", JsonTrees.object().put("targetId", target).put("flatten", true))
        .thenCompose(attached -> {
          CdpSession s = c.session(attached.path("sessionId").asText());
          synchronized (this) {
            if (stopped || !target.equals(shown)) {
              s.detach();
              return CompletableFuture.completedFuture(null);
            }
            session = s;
          }
          return s.send("Page.startScreencast", JsonTrees.object().put("format", "jpeg").put("quality", 70)
              .put("maxWidth", 1600).put("maxHeight", 1200));
        });
  }

  private String pickPage() {
    List<Map.Entry<String, String>> all = new ArrayList<>(pages.entrySet());
    for (int i = all.size() - 1; i >= 0; i--) {
      String url = all.get(i).getValue();
      if (!url.isEmpty() && !url.equals("about:blank") && !url.startsWith("devtools://")) {
        return all.get(i).getKey();
      }
    }
    return all.isEmpty() ? null : all.get(all.size() - 1).getKey();
  }

  /** A frame: kept as the last one, offered to every viewer, and acked when the pace allows. */
  private void frame(CdpEvent e) {
    CdpSession s;
    List<Viewer> to;
    byte[] jpeg = Base64.getDecoder().decode(e.params().path("data").asText());
    var metadata = e.params().path("metadata");
    String meta = "{\"type\":\"meta\",\"width\":" + metadata.path("deviceWidth").asDouble()
        + ",\"height\":" + metadata.path("deviceHeight").asDouble() + "}";
    long delay;
    long seen;
    boolean echo;
    synchronized (this) {
      s = session;
      if (stopped || s == null || !e.sessionId().map(s.id()::equals).orElse(false)) {
        return; // a frame of a page no longer shown: not acked, so that screencast stops
      }
      lastFrame = jpeg;
      lastMeta = meta;
      frameCount++;
      seen = frameCount;
      echo = settledAt == frameCount - 1; // the screenshot repainted the page: no settling for that
      settledAt = -1;
      to = List.copyOf(viewers);
      long now = System.nanoTime();
      long due = Math.max(now, lastAckNanos + frameIntervalNanos);
      lastAckNanos = due;
      delay = due - now;
    }
    to.forEach(v -> v.offer(jpeg, meta));
    int ackId = e.params().path("sessionId").asInt();
    scheduler.schedule(() -> s.send("Page.screencastFrameAck", JsonTrees.object().put("sessionId", ackId)), delay);
    if (!echo) {
      scheduler.schedule(() -> settle(s, seen, meta), delay + SETTLE_NANOS);
    }
  }

  /**
   * Chromium skips the frames a page paints while an ack is pending, and sends none once the page
   * is still: the last change of a burst would never reach the viewer. So when no frame followed
   * this one, the page's current state is captured once ({@code Page.captureScreenshot}).
   */
  private void settle(CdpSession s, long seen, String meta) {
    synchronized (this) {
      if (stopped || session != s || frameCount != seen) {
        return;
      }
      settledAt = seen;
    }
    s.send("Page.captureScreenshot", JsonTrees.object().put("format", "jpeg").put("quality", 70)).thenAccept(shot -> {
      byte[] jpeg = Base64.getDecoder().decode(shot.path("data").asText());
      List<Viewer> to;
      synchronized (this) {
        if (stopped || session != s || frameCount != seen) {
          return; // the screencast moved on meanwhile: its frames are newer
        }
        lastFrame = jpeg;
        to = List.copyOf(viewers);
      }
      to.forEach(v -> v.offer(jpeg, meta));
    });
  }

  CompletableFuture<?> dispatch(String method, ObjectNode params) {
    CdpSession s;
    synchronized (this) {
      s = session;
    }
    return s == null ? CompletableFuture.completedFuture(null) : s.send(method, params);
  }

  private void tell(String json) {
    List<Viewer> to;
    synchronized (this) {
      to = List.copyOf(viewers);
    }
    to.forEach(v -> v.sendJson(json));
  }

  void stop() {
    CdpClient c;
    synchronized (this) {
      stopped = true;
      c = client;
      client = null;
      session = null;
      lastFrame = null;
    }
    if (c != null) {
      c.close(); // the screencast ends with the connection that asked for it
    }
  }
}
