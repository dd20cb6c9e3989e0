package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A DevTools event, e.g. {@code Target.targetCreated}.
 *
 * @param method the event name
 * @param params the event's parameters (an empty object when the browser sent none)
 * @param sessionId the flattened target session it came from; empty for the connection's own target
 */
public record CdpEvent(String method, ObjectNode params, Optional<String> sessionId) {

  public CdpEvent {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(sessionId, "sessionId");
  }
}
