package dev.escarp.broker.console;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Responder;
import dev.escarp.broker.http.StreamingRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One of the console's files, served from the jar (no build step, no network): read once at
 * start, answered from memory on the event loop. The headers keep the page from being framed by
 * another site (take control is a click) and from loading anything but its own files.
 */
final class ConsoleAssets implements StreamingRoute {

  static final Map<String, String> HEADERS = Map.of(
      "Cache-Control", "no-store",
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
          + "frame-ancestors 'none'");

  private final ApiResponse file;

  private ConsoleAssets(ApiResponse file) {
    this.file = file;
  }

  static ConsoleAssets of(String resource, String contentType) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + resource + " is missing from the jar");
      }
      return new ConsoleAssets(new ApiResponse(200, contentType, in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void handle(ApiRequest request, Responder responder) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on " + request.path()
          + "; use GET");
    }
    responder.respond(file, HEADERS);
  }
}
