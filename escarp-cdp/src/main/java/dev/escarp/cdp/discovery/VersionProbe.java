package dev.escarp.cdp.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asks {@code GET http://127.0.0.1:<port>/json/version} whether a browser is there. "Nothing
 * there" is an expected answer ({@link ProbeResult.NothingThere}), never an exception.
 *
 * <p>Thread-safe; one instance can serve every probe of a process.
 */
public final class VersionProbe {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration timeout;

  public VersionProbe(HttpClient http, Duration timeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** A probe with its own HTTP client and the given per-request timeout. */
  public static VersionProbe create(Duration timeout) {
    HttpClient http =
        HttpClient.newBuilder()
            // HTTP/2 would make the JDK send an h2c upgrade that DevTools' tiny server need not honour.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .proxy(HttpClient.Builder.NO_PROXY)
            // Completions run on the client's selector thread: one thread hop less per probe.
            // Safe because nothing chained here blocks.
            .executor(Runnable::run)
            .build();
    return new VersionProbe(http, timeout);
  }

  public static VersionProbe create() {
    return create(DEFAULT_TIMEOUT);
  }

  public Duration timeout() {
    return timeout;
  }

  /** Probes and waits (at most about the timeout). */
  public ProbeResult probe(int port) {
    return probeAsync(port).join();
  }

  /**
   * Probes without blocking; the future never fails. It completes on the HTTP client's thread: do
   * not block in what is chained to it.
   */
  public CompletableFuture<ProbeResult> probeAsync(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/version"))
            .timeout(timeout)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> error != null ? nothing(port, error) : parse(port, response));
  }

  private static ProbeResult parse(int port, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      return new ProbeResult.NothingThere(port, "HTTP " + response.statusCode() + " from /json/version");
    }
    try {
      JsonNode node = JSON.readTree(response.body());
      String ws = node.path("webSocketDebuggerUrl").asText("");
      if (ws.isEmpty()) {
        return new ProbeResult.NothingThere(port, "not a DevTools answer (no webSocketDebuggerUrl): " + abbreviate(response.body()));
      }
      return new ProbeResult.Found(
          new BrowserVersion(
              port,
              node.path("Browser").asText(""),
              node.path("Protocol-Version").asText(""),
              node.path("User-Agent").asText(""),
              new URI(ws)));
    } catch (IOException | URISyntaxException e) {
      return new ProbeResult.NothingThere(port, "not a DevTools answer: " + abbreviate(response.body()));
    }
  }

  private ProbeResult nothing(int port, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String reason;
    if (cause instanceof HttpTimeoutException) {
      reason = "timed out after " + timeout.toMillis() + " ms";
    } else if (cause instanceof ConnectException) {
      reason = "connection refused";
    } else {
      reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    return new ProbeResult.NothingThere(port, reason);
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
  }
}
