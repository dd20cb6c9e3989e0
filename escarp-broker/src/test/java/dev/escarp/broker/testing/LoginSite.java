package dev.escarp.broker.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site to log in to, served on a free loopback port: {@code /login} is a form; posting it sets an
 * HttpOnly session cookie and, from the page's script, a localStorage token, then goes to {@code
 * /app}, which says who is logged in ({@code #who}) and shows the token it finds ({@code #token}).
 */
public final class LoginSite implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, String> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  private LoginSite(HttpServer server) {
    this.server = server;
  }

  public static LoginSite start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LoginSite site = new LoginSite(server);
    server.createContext("/", site::handle);
    server.start();
    return site;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The session cookie values handed out so far (to check they never leak). */
  public Iterable<String> sessionValues() {
    return sessions.keySet();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    if (path.equals("/login") && x.getRequestMethod().equals("POST")) {
      String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String user = URLDecoder.decode(form.replaceFirst("^user=", ""), StandardCharsets.UTF_8);
      String session = HexFormat.of().formatHex(random.generateSeed(16));
      sessions.put(session, user);
      x.getResponseHeaders().add("Set-Cookie", "session=" + session + "; Path=/; HttpOnly; Max-Age=3600");
      send(x, "<!doctype html><title>welcome</title><script>localStorage.setItem('token', 'tok-" + user
          + "'); location.href = '/app';</script>");
    } else if (path.equals("/login")) {
      send(x, "<!doctype html><title>login</title><form method=post action=/login>"
          + "<input name=user id=user><button id=go type=submit>log in</button></form>");
    } else if (path.equals("/app")) {
      String who = user(x).map(u -> "logged in as " + u).orElse("anonymous");
      send(x, "<!doctype html><title>app</title><p id=who>" + who + "</p><p id=token></p><script>"
          + "document.getElementById('token').textContent = localStorage.getItem('token') || 'none';</script>");
    } else {
      send(x, "<!doctype html><title>home</title>");
    }
  }

  private Optional<String> user(HttpExchange x) {
    for (String header : x.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith("session=")) {
          return Optional.ofNullable(sessions.get(p.substring("session=".length())));
        }
      }
    }
    return Optional.empty();
  }

  private static void send(HttpExchange x, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    x.sendResponseHeaders(200, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
