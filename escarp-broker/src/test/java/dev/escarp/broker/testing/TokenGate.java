package dev.escarp.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a hosted browser service: a loopback TCP gate in front of a browser's port that
 * lets a connection through only when its first request carries the token, as an {@code
 * Authorization: Bearer} header or a {@code token=} query (stripped before the browser sees it),
 * and answers 401 otherwise. Counts both, so a test can tell escarp sent its token every time.
 */
public final class TokenGate implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final String token;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private TokenGate(int target, String token) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = target;
    this.token = token;
    Thread accept = new Thread(this::acceptLoop, "token-gate-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
  }

  public static TokenGate inFrontOf(int port, String token) throws IOException {
    return new TokenGate(port, token);
  }

  public int port() {
    return server.getLocalPort();
  }

  public int admitted() {
    return admitted.get();
  }

  public int refused() {
    return refused.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "token-gate-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      byte[] head = readHead(client.getInputStream());
      String text = new String(head, StandardCharsets.ISO_8859_1);
      int lineEnd = text.indexOf("\r\n");
      String requestLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
      boolean byHeader = text.toLowerCase(Locale.ROOT).contains("\r\nauthorization: bearer " + token.toLowerCase(Locale.ROOT) + "\r\n");
      boolean byQuery = requestLine.contains("token=" + token);
      if (!byHeader && !byQuery) {
        refused.incrementAndGet();
        client.getOutputStream().write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      admitted.incrementAndGet();
      String forwarded = requestLine.replace("?token=" + token + "&", "?").replace("?token=" + token, "")
          .replace("&token=" + token, "") + text.substring(lineEnd);
      try (Socket browser = new Socket(InetAddress.getLoopbackAddress(), target)) {
        browser.getOutputStream().write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
        Thread back = new Thread(() -> pipe(browser, client), "token-gate-back");
        back.setDaemon(true);
        back.start();
        pipe(client, browser);
        back.join(5000);
      }
    } catch (IOException | InterruptedException e) {
      // a connection that ends is not the test's business
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // either side went away
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
