package dev.escarp.broker.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.time.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Take control and hand back: at most one controller per slot, one of the slot's live views; the
 * others only watch. While a human controls, the holder's relayed traffic is held and the lease is
 * kept alive (a human at the page is activity, as the holder's traffic would be). Control ends on
 * hand back, when the controller's socket closes, or when the lease ends.
 */
final class Controls {

  /** One slot's controller. Identity matters: a stale end must not end a newer control. */
  private record Control(int slot, Viewer viewer, String name, Lease lease) {}

  private final LeaseTable table;
  private final LiveViews views;
  private final TrafficHold traffic;
  private final Controllers controllers;
  private final Executor blocking;
  private final Scheduler scheduler;
  private final ConcurrentHashMap<Integer, Control> bySlot = new ConcurrentHashMap<>();

  Controls(LeaseTable table, LiveViews views, TrafficHold traffic, Controllers controllers, Executor blocking,
      Scheduler scheduler) {
    this.table = table;
    this.views = views;
    this.traffic = traffic;
    this.controllers = controllers;
    this.blocking = blocking;
    this.scheduler = scheduler;
  }

  CompletableFuture<Optional<String>> take(int slot, String viewerId, String name) {
    Viewer viewer = views.viewer(viewerId).filter(v -> v.slot() == slot).orElseThrow(() ->
        new ApiException(404, "unknown_viewer", "no live view '" + viewerId + "' of slot " + slot + " is open"));
    Lease lease = table.activeLeases().stream().filter(l -> l.slot().index() == slot).findFirst().orElseThrow(() ->
        new ApiException(409, "not_leased", "slot " + slot + " is not leased: there is no agent to take over from"));
    Optional<CompletableFuture<LeaseEnd>> ended = table.whenEnded(lease.token());
    if (ended.isEmpty()) {
      throw new ApiException(409, "not_leased", "the lease of slot " + slot + " just ended");
    }
    Control control = new Control(slot, viewer, name, lease);
    Control current = bySlot.putIfAbsent(slot, control);
    if (current != null) {
      if (current.viewer() == viewer) {
        return CompletableFuture.completedFuture(Optional.of(current.name()));
      }
      throw new ApiException(409, "slot_controlled", "slot " + slot + " is controlled by " + current.name()
          + "; they must hand it back first");
    }
    controllers.set(slot, name);
    viewer.controlling(true);
    ended.get().thenRun(() -> end(control));
    viewer.closed().thenRun(() -> end(control));
    keepAlive(control);
    return traffic.hold(slot).thenApply(held -> Optional.of(name));
  }

  CompletableFuture<Optional<String>> handBack(int slot, String viewerId) {
    Control current = bySlot.get(slot);
    if (current == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (!current.viewer().id().equals(viewerId)) {
      throw new ApiException(409, "slot_controlled", "slot " + slot + " is controlled by " + current.name()
          + " from another view; only they can hand it back");
    }
    return end(current).thenApply(released -> Optional.empty());
  }

  /** Input from a viewer: passed to the page only if that viewer controls the slot. */
  void input(Viewer viewer, JsonNode message) {
    Control current = bySlot.get(viewer.slot());
    if (current == null || current.viewer() != viewer) {
      viewer.sendJson("{\"type\":\"error\",\"message\":\"take control before sending input\"}");
      return;
    }
    InputEvents.toCdp(message).ifPresent(cdp -> views.dispatch(viewer.slot(), cdp.method(), cdp.params()));
  }

  private CompletableFuture<Void> end(Control control) {
    if (!bySlot.remove(control.slot(), control)) {
      return CompletableFuture.completedFuture(null);
    }
    controllers.clear(control.slot());
    control.viewer().controlling(false);
    return traffic.release(control.slot());
  }

  /** Renews the lease while a human holds it, every third of the TTL, off the event loops. */
  private void keepAlive(Control control) {
    long every = Math.max(Duration.ofMillis(200).toNanos(), table.leaseTtl().toNanos() / 3);
    scheduler.schedule(() -> {
      if (bySlot.get(control.slot()) == control) {
        blocking.execute(() -> table.heartbeat(control.lease().token()));
        keepAlive(control);
      }
    }, every);
  }

  void close() {
    bySlot.values().forEach(this::end);
  }
}
