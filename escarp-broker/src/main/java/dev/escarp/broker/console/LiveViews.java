package dev.escarp.broker.console;

import dev.escarp.core.slot.RemoteBrowser;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.pool.BrowserDirectory;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.core.time.Scheduler;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live views open now, by viewer id, and one {@link SlotCapture} per watched slot: the first
 * viewer of a slot starts its capture, the last one to leave stops it, so an unwatched pool costs
 * nothing. Thread-safe.
 */
final class LiveViews {

  private final BrowserDirectory browsers;
  private final java.util.function.IntFunction<Optional<RemoteBrowser>> remotes;
  private final CdpConnector connector;
  private final Scheduler scheduler;
  private final int maxFps;
  private final java.util.concurrent.Executor blocking;
  private final ConcurrentHashMap<String, Viewer> viewers = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
  // Guarded by this.
  private final java.util.Map<Integer, SlotCapture> captures = new java.util.HashMap<>();

  LiveViews(BrowserDirectory browsers, java.util.function.IntFunction<Optional<RemoteBrowser>> remotes,
      CdpConnector connector, Scheduler scheduler, int maxFps, java.util.concurrent.Executor blocking) {
    this.remotes = remotes;
    this.blocking = blocking;
    this.browsers = browsers;
    this.connector = connector;
    this.scheduler = scheduler;
    this.maxFps = maxFps;
  }

  void join(Viewer viewer) {
    viewers.put(viewer.id(), viewer);
    SlotCapture capture;
    boolean first;
    synchronized (this) {
      capture = captures.get(viewer.slot());
      first = capture == null;
      if (first) {
        capture = new SlotCapture(viewer.slot(), browsers, remotes.apply(viewer.slot()), connector, scheduler, maxFps);
        captures.put(viewer.slot(), capture);
      }
      capture.add(viewer);
    }
    if (first) {
      capture.start();
    }
  }

  void leave(Viewer viewer) {
    viewers.remove(viewer.id(), viewer);
    SlotCapture emptied = null;
    synchronized (this) {
      SlotCapture capture = captures.get(viewer.slot());
      if (capture != null && capture.remove(viewer)) {
        captures.remove(viewer.slot());
        emptied = capture;
      }
    }
    if (emptied != null) {
      blocking.execute(emptied::stop); // closing a CDP connection waits for its handshake: not on a loop
    }
  }

  Optional<Viewer> viewer(String id) {
    return Optional.ofNullable(viewers.get(id));
  }

  CompletableFuture<?> dispatch(int slot, String method, ObjectNode params) {
    SlotCapture capture;
    synchronized (this) {
      capture = captures.get(slot);
    }
    return capture == null ? CompletableFuture.completedFuture(null) : capture.dispatch(method, params);
  }

  /** A frame a slow viewer never got (a newer one replaced it). */
  void dropped() {
    dropped.incrementAndGet();
  }

  long framesDropped() {
    return dropped.get();
  }

  /** Slots being captured now (a screencast runs for each). */
  synchronized int capturing() {
    return captures.size();
  }

  void close() {
    viewers.values().forEach(Viewer::close);
    java.util.List<SlotCapture> all;
    synchronized (this) {
      all = java.util.List.copyOf(captures.values());
      captures.clear();
    }
    all.forEach(SlotCapture::stop);
  }
}
