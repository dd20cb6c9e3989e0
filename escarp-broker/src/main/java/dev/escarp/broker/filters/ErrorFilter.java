package dev.escarp.broker.filters;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Filter;
import dev.escarp.broker.http.Route;
import java.util.concurrent.CompletableFuture;

/**
 * Turns refusals ({@link ApiException}), thrown or completed, into the contract's JSON errors.
 * Anything else is a bug: answered with a JSON 500 and logged in one line, never a stack trace.
 */
final class ErrorFilter implements Filter {

  @Override
  public Route apply(Route next) {
    return request -> {
      CompletableFuture<ApiResponse> answer;
      try {
        answer = next.handle(request);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      return answer.exceptionally(ApiException::responseFor);
    };
  }
}
