package dev.escarp.broker.routes;

import dev.escarp.broker.evidence.Evidence;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /evidence} (newest first), {@code GET /evidence/<lease_id>} (the record, console
 * included) and {@code GET /evidence/<lease_id>/screenshot.png}. Files are read on the blocking
 * executor; an unknown or malformed id is 404 {@code unknown_lease}.
 */
final class EvidenceRoute implements Route {

  static final String PREFIX = "/evidence/";
  private static final String SCREENSHOT = "/screenshot.png";

  private final Evidence evidence;
  private final Executor blocking;

  EvidenceRoute(Evidence evidence, Executor blocking) {
    this.evidence = evidence;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    if (!request.method().equals("GET")) {
      throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on " + request.path()
          + "; use GET");
    }
    String path = request.path();
    return CompletableFuture.supplyAsync(() -> {
      try {
        if (path.equals("/evidence")) {
          return ApiResponse.ok(evidence.list());
        }
        String rest = path.substring(PREFIX.length());
        if (rest.endsWith(SCREENSHOT)) {
          String id = rest.substring(0, rest.length() - SCREENSHOT.length());
          return evidence.screenshot(id).map(png -> new ApiResponse(200, "image/png", png))
              .orElseThrow(() -> unknown("no screenshot was kept for that lease"));
        }
        return evidence.find(rest).map(ApiResponse::ok).orElseThrow(() -> unknown("no evidence is kept for that lease"));
      } catch (IOException e) {
        throw new ApiException(409, "evidence_unreadable", "the evidence files could not be read: " + e.getMessage());
      }
    }, blocking);
  }

  private static ApiException unknown(String why) {
    return new ApiException(404, "unknown_lease", why + " (unknown lease id, or older than the last"
        + " ESCARP_EVIDENCE_KEEP leases)");
  }
}
