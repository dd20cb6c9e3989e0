package dev.escarp.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 exchange per connection over a plain socket, for the two plain-HTTP peers escarp
 * talks to on loopback: the daemon and a browser's {@code /json/version}. Not the JDK's HTTP
 * stacks: opening an {@code http:} URL first asks every jar on the class path for a {@code
 * URLStreamHandlerProvider} (fifty jars here: 40 ms of a 250 ms CLI command), and the newer
 * HTTP client initialises TLS even for plain HTTP (about 200 ms of the daemon's start). This
 * covers what those peers send: Content-Length, chunked or close-delimited bodies; no
 * redirects, no TLS, no retries (a retried acquire could lease twice). Blocking.
 */
public final class PlainHttp {

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  /** A reply: its status code and its body, whole. */
  public record Response(int status, byte[] body) {}

  private PlainHttp() {}

  /** Opens a connection to the daemon at {@code base} (an {@code http://host:port} URI). */
  public static Socket connect(URI base, Duration timeout) throws IOException {
    if (!"http".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
      throw new IOException("the daemon's address must be http://host:port, not " + base);
    }
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(base.getHost(), port(base)), (int) timeout.toMillis());
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  /** Sends one request and reads the whole reply; the connection is closed afterwards. */
  public static Response exchange(URI base, String method, String path, Optional<String> bearer, Optional<byte[]> body,
      Duration connectTimeout, Duration readTimeout) throws IOException {
    try (Socket socket = connect(base, connectTimeout)) {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
      writeRequest(socket.getOutputStream(), base, method, path, bearer, body);
      return readResponse(socket.getInputStream());
    }
  }

  /** Writes the request line, the headers ({@code Connection: close}) and the JSON body, if any. */
  public static void writeRequest(OutputStream out, URI base, String method, String path, Optional<String> bearer,
      Optional<byte[]> body) throws IOException {
    StringBuilder head = new StringBuilder(256)
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(base.getHost()).append(':').append(port(base)).append("\r\n")
        .append("Accept: application/json\r\n")
        .append("Connection: close\r\n");
    bearer.ifPresent(t -> head.append("Authorization: Bearer ").append(t).append("\r\n"));
    if (body.isPresent()) {
      head.append("Content-Type: application/json\r\n")
          .append("Content-Length: ").append(body.get().length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (body.isPresent()) {
      out.write(body.get());
    }
    out.flush();
  }

  /** Reads a reply: status line, headers, and a Content-Length, chunked or close-delimited body. */
  public static Response readResponse(InputStream raw) throws IOException {
    // Buffered: the head is read a byte at a time, which on a bare socket is a system call each.
    // One response per connection, so nothing read ahead belongs to anyone else.
    InputStream in = new BufferedInputStream(raw);
    String statusLine = line(in);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP reply");
    }
    int status = parseStatus(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    int headBytes = statusLine.length();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      headBytes += header.length();
      if (headBytes > MAX_HEAD_BYTES) {
        throw new IOException("the reply's headers are too long");
      }
      int colon = header.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = parseLength(value);
      } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      return new Response(status, chunkedBody(in));
    }
    if (length >= 0) {
      byte[] body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("the reply ended " + (length - body.length) + " bytes short");
      }
      return new Response(status, body);
    }
    return new Response(status, in.readAllBytes());
  }

  private static byte[] chunkedBody(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int extension = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("a malformed chunk size in the reply");
      }
      if (n == 0) {
        while (!line(in).isEmpty()) {
          // trailers: none that matter
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes((int) n);
      if (chunk.length != n) {
        throw new EOFException("the reply ended inside a chunk");
      }
      body.write(chunk);
      line(in);
    }
  }

  /** One header line without its CRLF; EOF before the line ends is an error. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection closed in the middle of the reply");
      }
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
      }
      if (line.length() > MAX_HEAD_BYTES) {
        throw new IOException("a header line of the reply is too long");
      }
      line.append((char) b);
    }
  }

  private static int parseStatus(String text) throws IOException {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + text);
    }
  }

  private static long parseLength(String text) throws IOException {
    try {
      long length = Long.parseLong(text);
      if (length < 0 || length > Integer.MAX_VALUE) {
        throw new IOException("an impossible Content-Length: " + text);
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("a malformed Content-Length: " + text);
    }
  }

  private static int port(URI base) {
    return base.getPort() == -1 ? 80 : base.getPort();
  }
}
