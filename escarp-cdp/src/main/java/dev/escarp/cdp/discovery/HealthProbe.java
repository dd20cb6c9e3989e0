package dev.escarp.cdp.discovery;

import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.cdp.client.CdpClientOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decides whether the browser on a port is fit to lend: {@code /json/version} answers, and a
 * {@code Browser.getVersion} round trip over its WebSocket completes within the timeout. The HTTP
 * endpoint alone is not enough: it is served by the browser process even when its DevTools
 * sessions are wedged.
 *
 * <p>Thread-safe; {@link #checkAsync} never blocks and its future never fails. Connections share
 * the event loop group of the client options, or else one thread of the probe's own, released by
 * {@link #close()}.
 */
public final class HealthProbe implements AutoCloseable {

  private final VersionProbe versions;
  private final CdpConnector connector;
  private final Duration timeout;

  /**
   * @param clientOptions how to connect; pass a shared event loop group when probing often
   * @param timeout the budget of the WebSocket part of a check (connect plus round trip)
   */
  public HealthProbe(VersionProbe versions, CdpClientOptions clientOptions, Duration timeout) {
    this.versions = Objects.requireNonNull(versions, "versions");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.connector =
        new CdpConnector(
            Objects.requireNonNull(clientOptions, "clientOptions").withConnectTimeout(timeout).withCommandTimeout(timeout),
            "escarp-cdp-health");
  }

  public Health check(int port) {
    return checkAsync(port).join();
  }

  public CompletableFuture<Health> checkAsync(int port) {
    return versions
        .probeAsync(port)
        .thenCompose(
            probe -> {
              if (probe instanceof ProbeResult.NothingThere nothing) {
                return CompletableFuture.completedFuture(
                    Health.unhealthy(port, "no answer on /json/version: " + nothing.reason(), Optional.empty()));
              }
              return roundTrip(probe.version().orElseThrow());
            });
  }

  private CompletableFuture<Health> roundTrip(BrowserVersion version) {
    return connector
        .connect(version.webSocketDebuggerUrl())
        .thenCompose(
            client ->
                client
                    .send("Browser.getVersion")
                    .handle((result, error) -> {
                      client.close(); // on the event loop: starts the close, does not wait
                      return error == null
                          ? Health.ok(version)
                          : Health.unhealthy(version.port(), "Browser.getVersion failed: " + message(error), Optional.of(version));
                    }))
        .exceptionally(
            error -> Health.unhealthy(version.port(), "DevTools WebSocket unusable: " + message(error), Optional.of(version)));
  }

  /** Releases the probe's own event loop thread, if it made one. */
  @Override
  public void close() {
    connector.close();
  }

  private static String message(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return String.valueOf(cause.getMessage());
  }
}
