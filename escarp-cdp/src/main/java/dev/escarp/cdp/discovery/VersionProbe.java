package dev.escarp.cdp.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.http.PlainHttp;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks {@code GET http://127.0.0.1:<port>/json/version} whether a browser is there. "Nothing
 * there" is an expected answer ({@link ProbeResult.NothingThere}), never an exception.
 *
 * <p>Plain sockets ({@link PlainHttp}), not the JDK's HTTP client, which initialises TLS even for
 * plain HTTP: about 200 ms of the daemon's start. Asynchronous probes run on the probe's own
 * daemon threads, made on demand and ended after a minute idle.
 *
 * <p>Thread-safe; one instance can serve every probe of a process.
 */
public final class VersionProbe {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
  private static final Duration IDLE_THREAD_LIFE = Duration.ofMinutes(1);

  private final Duration timeout;
  private final ExecutorService probes;

  private VersionProbe(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    AtomicInteger threads = new AtomicInteger();
    this.probes = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_LIFE.toSeconds(), TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "escarp-version-probe-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** A probe with the given per-request timeout (connect plus answer). */
  public static VersionProbe create(Duration timeout) {
    return new VersionProbe(timeout);
  }

  public static VersionProbe create() {
    return create(DEFAULT_TIMEOUT);
  }

  public Duration timeout() {
    return timeout;
  }

  /** Probes and waits (at most about the timeout). */
  public ProbeResult probe(int port) {
    checkPort(port);
    long deadline = System.nanoTime() + timeout.toNanos();
    URI base = URI.create("http://127.0.0.1:" + port);
    PlainHttp.Response response;
    try (Socket socket = PlainHttp.connect(base, timeout)) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      PlainHttp.writeRequest(socket.getOutputStream(), base, "GET", "/json/version", Optional.empty(),
          Optional.empty());
      response = PlainHttp.readResponse(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return new ProbeResult.NothingThere(port, "timed out after " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      return new ProbeResult.NothingThere(port, "connection refused");
    } catch (IOException e) {
      return new ProbeResult.NothingThere(port,
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    return parse(port, response.status(), new String(response.body(), StandardCharsets.UTF_8));
  }

  /**
   * Probes without blocking the caller; the future never fails. It completes on one of the
   * probe's threads.
   */
  public CompletableFuture<ProbeResult> probeAsync(int port) {
    checkPort(port);
    return CompletableFuture.supplyAsync(() -> probe(port), probes);
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, got " + port);
    }
  }

  static ProbeResult parse(int port, int status, String body) {
    if (status != 200) {
      return new ProbeResult.NothingThere(port, "HTTP " + status + " from /json/version");
    }
    try {
      JsonNode node = JsonTrees.parse(body);
      String ws = node.path("webSocketDebuggerUrl").asText("");
      if (ws.isEmpty()) {
        return new ProbeResult.NothingThere(port, "not a DevTools answer (no webSocketDebuggerUrl): " + abbreviate(body));
      }
      return new ProbeResult.Found(
          new BrowserVersion(
              port,
              node.path("Browser").asText(""),
              node.path("Protocol-Version").asText(""),
              node.path("User-Agent").asText(""),
              new URI(ws)));
    } catch (IOException | URISyntaxException e) {
      return new ProbeResult.NothingThere(port, "not a DevTools answer: " + abbreviate(body));
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
  }
}
