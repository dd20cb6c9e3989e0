package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns refusals ({@link ApiException}), thrown or completed, into the contract's JSON errors.
 * Anything else is a bug: answered with a JSON 500 and logged in one line, never a stack trace.
 */
public final class ErrorFilter implements Filter {

  private static final System.Logger LOG = System.getLogger(ErrorFilter.class.getName());

  @Override
  public Route apply(Route next) {
    return request -> {
      CompletableFuture<ApiResponse> answer;
      try {
        answer = next.handle(request);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      return answer.exceptionally(ErrorFilter::toResponse);
    };
  }

  static ApiResponse toResponse(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApiException api) {
      return api.toResponse();
    }
    LOG.log(Level.ERROR, "internal error: " + cause);
    return ApiResponse.error(500, "internal_error", "the daemon failed to answer; this is a bug");
  }
}
