package dev.escarp.cdp.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.client.CdpClientOptions;
import dev.escarp.cdp.client.CdpConnector;
import dev.escarp.core.slot.RemoteBrowser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import dev.escarp.http.PlainHttp;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a remote browser whether it is there: {@code GET <url>/json/version} (with the remote's
 * query and headers), or, for a remote given only by its WebSocket URL, a connection to it and
 * {@code Browser.getVersion}. "Nothing there" is an expected answer, never an exception. Blocks
 * for at most about the timeout; call it off any event loop. Thread-safe.
 */
public final class RemoteProbe implements AutoCloseable {

  private final Duration timeout;
  private final CdpConnector connector;

  private RemoteProbe(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.connector = new CdpConnector(CdpClientOptions.defaults().withConnectTimeout(timeout)
        .withCommandTimeout(timeout), "escarp-remote-probe");
  }

  public static RemoteProbe create(Duration timeout) {
    return new RemoteProbe(timeout);
  }

  /** The browser's version and WebSocket URL (without the remote's query: tokens stay out of records). */
  public ProbeResult probe(RemoteBrowser remote) {
    try {
      return remote.webSocketOnly() ? overWebSocket(remote) : overHttp(remote);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ProbeResult.NothingThere(remote.port(), "interrupted");
    } catch (RuntimeException e) {
      return new ProbeResult.NothingThere(remote.port(), e.toString());
    }
  }

  /** Plain sockets, as {@link VersionProbe}: the JDK's client would set up TLS first, hundreds of ms. */
  private ProbeResult overHttp(RemoteBrowser remote) {
    String query = remote.rawQuery();
    URI base = URI.create(remote.httpBase().orElseThrow());
    String path = Optional.ofNullable(base.getRawPath()).orElse("") + "/json/version" + (query.isEmpty() ? "" : "?" + query);
    long deadline = System.nanoTime() + timeout.toNanos();
    PlainHttp.Response response;
    try (Socket socket = PlainHttp.connect(base, timeout)) {
      socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      StringBuilder head = new StringBuilder(256).append("GET ").append(path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(remote.hostForUrl()).append(':').append(remote.port()).append("\r\n")
          .append("Accept: application/json\r\nConnection: close\r\n");
      remote.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      response = PlainHttp.readResponse(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return new ProbeResult.NothingThere(remote.port(), "timed out after " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      return new ProbeResult.NothingThere(remote.port(), "connection refused");
    } catch (IOException e) {
      return new ProbeResult.NothingThere(remote.port(), e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    return VersionProbe.parse(remote.port(), response.status(), new String(response.body(), StandardCharsets.UTF_8));
  }

  private ProbeResult overWebSocket(RemoteBrowser remote) throws InterruptedException {
    CdpClient client;
    try {
      client = connector.connect(remote.url(), remote.headers()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return new ProbeResult.NothingThere(remote.port(), String.valueOf(e.getCause().getMessage()));
    } catch (TimeoutException e) {
      return new ProbeResult.NothingThere(remote.port(), "timed out after " + timeout.toMillis() + " ms");
    }
    try {
      ObjectNode version = client.send("Browser.getVersion").get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      URI withoutQuery = URI.create("ws://" + remote.hostForUrl() + ":" + remote.port() + remote.url().getRawPath());
      return new ProbeResult.Found(new BrowserVersion(remote.port(), version.path("product").asText(""),
          version.path("protocolVersion").asText(""), version.path("userAgent").asText(""), withoutQuery));
    } catch (ExecutionException e) {
      return new ProbeResult.NothingThere(remote.port(), "Browser.getVersion failed: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      return new ProbeResult.NothingThere(remote.port(), "Browser.getVersion timed out after " + timeout.toMillis() + " ms");
    } finally {
      client.close();
    }
  }

  @Override
  public void close() {
    connector.close();
  }
}
