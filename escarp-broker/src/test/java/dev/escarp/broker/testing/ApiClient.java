package dev.escarp.broker.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to a daemon the way escarp's clients do (JSON over loopback), plus raw requests for forgery tests. */
public final class ApiClient {

  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiClient(int port) {
    this.port = port;
  }

  public int port() {
    return port;
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Reply post(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").DELETE());
  }

  /** Waits until every slot of the pool is free (its last lease ended and its reset is done). */
  public void awaitAllFree(Duration atMost) {
    org.awaitility.Awaitility.await("every slot free").atMost(atMost).pollInterval(Duration.ofMillis(5))
        .until(() -> {
          for (com.fasterxml.jackson.databind.JsonNode slot : get("/status").json().path("slots")) {
            if (!slot.path("state").asText().equals("free")) {
              return false;
            }
          }
          return true;
        });
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Sends bytes as they are (any header, any body) and reads one response; the connection then closes. */
  public Reply raw(String request) {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  public Reply raw(byte[] request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      // Write on another thread while this one reads: a server may answer (413) and close before
      // the whole request is written, and that answer is what the test wants to see.
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = socket.getOutputStream();
          out.write(request);
          out.flush();
          socket.shutdownOutput();
        } catch (IOException ignored) {
          // the server stopped reading: its answer is already on its way
        }
      }, "raw-request-writer");
      writer.start();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          all.write(buffer, 0, n);
        }
      } catch (IOException reset) {
        if (all.size() == 0) {
          throw reset;
        }
      }
      writer.join(10_000);
      return parse(all.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("raw request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Reply parse(String response) {
    int headerEnd = response.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
      throw new AssertionError("no HTTP response: '" + response + "'");
    }
    String[] lines = response.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String type = "";
    int length = -1;
    for (String line : lines) {
      String lower = line.toLowerCase();
      if (lower.startsWith("content-type:")) {
        type = line.substring(13).trim();
      } else if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    String body = response.substring(headerEnd + 4);
    if (length >= 0 && body.length() > length) {
      body = body.substring(0, length); // one response of several on the connection
    }
    return new Reply(status, type, body);
  }
}
