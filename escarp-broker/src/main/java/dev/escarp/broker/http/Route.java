package dev.escarp.broker.http;

import java.util.concurrent.CompletableFuture;

/**
 * Handles one request. Called on a Netty event loop: a route must not block; work that may
 * (journal writes, browser I/O) goes to an executor and the future completes later. Expected
 * refusals are thrown or completed as {@link ApiException}.
 */
@FunctionalInterface
public interface Route {

  CompletableFuture<ApiResponse> handle(ApiRequest request);
}
