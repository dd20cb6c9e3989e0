package dev.escarp.broker.routes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import java.util.concurrent.CompletableFuture;

/** {@code GET /healthz}: {@code {"ok": true}} while the daemon serves. */
final class HealthzRoute implements Route {

  private static final ApiResponse OK = ApiResponse.ok(JsonNodeFactory.instance.objectNode().put("ok", true));

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    return CompletableFuture.completedFuture(OK);
  }
}
