package dev.escarp.cdp.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A flattened target session (from {@code Target.attachToTarget} with {@code flatten: true}) over
 * its {@link CdpClient}'s connection: commands carry the {@code sessionId}, and {@link #onEvent}
 * sees only this session's events. Same thread rules as the client.
 */
public final class CdpSession {

  private final CdpClient client;
  private final String sessionId;

  CdpSession(CdpClient client, String sessionId) {
    this.client = client;
    this.sessionId = sessionId;
  }

  public String id() {
    return sessionId;
  }

  public CdpClient client() {
    return client;
  }

  public CompletableFuture<ObjectNode> send(String method) {
    return send(method, null);
  }

  public CompletableFuture<ObjectNode> send(String method, ObjectNode params) {
    return client.sendTo(sessionId, method, params, null);
  }

  public CompletableFuture<ObjectNode> send(String method, ObjectNode params, Duration timeout) {
    return client.sendTo(sessionId, method, params, Objects.requireNonNull(timeout, "timeout"));
  }

  /** Listens for one event name of this session only; runs on the event loop, must not block. */
  public Subscription onEvent(String method, Consumer<CdpEvent> listener) {
    return client.onSessionEvent(sessionId, Objects.requireNonNull(method, "method"), listener);
  }

  /** Detaches the session ({@code Target.detachFromTarget}); the target itself stays open. */
  public CompletableFuture<Void> detach() {
    return client
        .send("Target.detachFromTarget", JsonNodeFactory.instance.objectNode().put("sessionId", sessionId))
        .thenApply(r -> null);
  }

  @Override
  public String toString() {
    return "CdpSession[" + sessionId + "]";
  }
}
