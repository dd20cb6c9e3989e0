package dev.escarp.broker.relay;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiResponse;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Chromium's discovery routes ({@code /json/version}, {@code /json/list}, {@code /json/new},
 * {@code /json/activate/<id>}, {@code /json/close/<id>}, {@code /json/protocol}) asked of a
 * slot's browser, with every DevTools URL in the answer rewritten to go through the relay.
 */
final class BrowserJson {

  private final HttpClient http;

  BrowserJson(Executor executor) {
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .executor(executor)
        .build();
  }

  /**
   * @param route the part after the lease's base: {@code /json/...}
   * @param relayBase host, port and path of the lease's relay, e.g. {@code 127.0.0.1:7878/cdp/<secret>}
   */
  CompletableFuture<ApiResponse> forward(int cdpPort, String method, String route, String rawQuery,
      String relayBase) {
    String path = normalize(route);
    if (!method.equals("GET") && !method.equals("PUT")) {
      throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + "; use GET or PUT");
    }
    // Chromium takes /json/new only as PUT; clients still send GET.
    String browserMethod = path.equals("/json/new") ? "PUT" : "GET";
    URI uri = URI.create("http://127.0.0.1:" + cdpPort + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .method(browserMethod, HttpRequest.BodyPublishers.noBody())
        .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle((response, failure) -> {
          if (failure != null) {
            throw unavailable(cdpPort, failure);
          }
          return answer(response, cdpPort, relayBase);
        });
  }

  private static String normalize(String route) {
    String path = route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    if (path.equals("/json")) {
      return "/json/list";
    }
    if (path.equals("/json/version") || path.equals("/json/list") || path.equals("/json/new")
        || path.equals("/json/protocol") || isTargetRoute(path, "/json/activate/")
        || isTargetRoute(path, "/json/close/")) {
      return path;
    }
    throw new ApiException(404, "not_found", "the relay answers /json/version, /json/list, /json/new, "
        + "/json/activate/<id>, /json/close/<id> and /json/protocol; not " + route);
  }

  private static boolean isTargetRoute(String path, String prefix) {
    return path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0;
  }

  private static ApiResponse answer(HttpResponse<String> response, int cdpPort, String relayBase) {
    String type = response.headers().firstValue("content-type").orElse("text/plain");
    String body = response.body();
    if (response.statusCode() / 100 != 2) {
      int status = response.statusCode() == 404 ? 404 : 400;
      throw new ApiException(status, status == 404 ? "unknown_target" : "browser_refused",
          "the browser answered " + response.statusCode() + ": " + body.strip());
    }
    return ApiResponse.text(200, type, rewrite(body, cdpPort, relayBase));
  }

  /** Points the browser's own DevTools URLs (WebSocket and front-end {@code ws=} forms) at the relay. */
  static String rewrite(String body, int cdpPort, String relayBase) {
    String own = "127.0.0.1:" + cdpPort + "/devtools/";
    String relayed = relayBase + "/devtools/";
    return body.replace("ws://" + own, "ws://" + relayed).replace("ws=" + own, "ws=" + relayed);
  }

  private static ApiException unavailable(int cdpPort, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    String why = cause instanceof ConnectException ? "is not answering (it may be restarting)"
        : cause instanceof HttpTimeoutException ? "did not answer in time" : "failed: " + cause;
    return new ApiException(409, "browser_unavailable", "the slot's browser on port " + cdpPort + " " + why);
  }
}
