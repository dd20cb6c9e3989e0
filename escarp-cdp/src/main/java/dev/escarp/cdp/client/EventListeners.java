package dev.escarp.cdp.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Registered event listeners. Delivery runs on the connection's event loop, in arrival order; a
 * listener that throws is logged and the others still get the event.
 */
final class EventListeners {

  private static final System.Logger LOG = System.getLogger(EventListeners.class.getName());

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param method the event name, or null for every event
   * @param sessionId only events of this session, or null for events of every session
   */
  private record Listener(String method, String sessionId, Consumer<CdpEvent> consumer) {

    boolean wants(CdpEvent event) {
      return (method == null || method.equals(event.method()))
          && (sessionId == null || sessionId.equals(event.sessionId().orElse(null)));
    }
  }

  Subscription add(String method, String sessionId, Consumer<CdpEvent> consumer) {
    Listener listener = new Listener(method, sessionId, consumer);
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void deliver(CdpEvent event) {
    for (Listener listener : listeners) {
      if (listener.wants(event)) {
        try {
          listener.consumer().accept(event);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "CDP event listener for " + event.method() + " failed", e);
        }
      }
    }
  }
}
