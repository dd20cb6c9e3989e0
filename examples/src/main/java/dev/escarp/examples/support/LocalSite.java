package dev.escarp.examples.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny web site on 127.0.0.1 (a free port), served from this JVM by the JDK's HTTP server: the
 * local pages the examples drive browsers to. No internet needed, nothing left behind.
 *
 * <pre>{@code
 * try (LocalSite site = LocalSite.start()) {
 *   site.page("/hello", "<h1>hello</h1>");
 *   site.route("/echo", request -> LocalSite.Response.json("{\"got\": " + request.body().length() + "}"));
 *   page.navigate(site.url("/hello"));
 * }
 * }</pre>
 */
public final class LocalSite implements AutoCloseable {

  /** What a route was asked. */
  public record Request(String method, URI uri, Map<String, String> query, String body) {}

  /** What a route answers. */
  public record Response(int status, String contentType, String body) {

    public static Response html(String body) {
      return new Response(200, "text/html; charset=utf-8", body);
    }

    public static Response json(String body) {
      return new Response(200, "application/json", body);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private LocalSite(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on a free loopback port. */
  public static LocalSite start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "local-site");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(executor);
      server.start();
      return new LocalSite(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local site", e);
    }
  }

  /** Serves this HTML at {@code path}. */
  public LocalSite page(String path, String html) {
    return route(path, request -> Response.html(html));
  }

  /** Serves whatever {@code handler} answers at {@code path} (and below it). Handlers may run concurrently. */
  public LocalSite route(String path, Function<Request, Response> handler) {
    Objects.requireNonNull(handler, "handler");
    server.createContext(path, exchange -> answer(exchange, handler));
    return this;
  }

  /** {@code http://127.0.0.1:<port>} */
  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The full URL of a path on this site. */
  public String url(String pathAndQuery) {
    return origin() + pathAndQuery;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void answer(HttpExchange exchange, Function<Request, Response> handler) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      URI uri = exchange.getRequestURI();
      Response response;
      try {
        response = handler.apply(new Request(exchange.getRequestMethod(), uri, query(uri), body));
      } catch (RuntimeException e) {
        response = new Response(500, "text/plain; charset=utf-8", "handler failed: " + e);
      }
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> values = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(decode(key), decode(value));
    }
    return values;
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
