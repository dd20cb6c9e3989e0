package dev.escarp.broker.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * An expected refusal of a request, turned into a 4xx with the contract's error body by
 * {@code ErrorFilter}. Never carries a lease token in its message.
 */
public final class ApiException extends RuntimeException {

  private static final System.Logger LOG = System.getLogger(ApiException.class.getName());

  private final int status;
  private final String error;
  private final transient ObjectNode extra;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public ApiException(int status, String error, String message) {
    this(status, error, message, null);
  }

  public ApiException(int status, String error, String message, ObjectNode extra) {
    super(message, null, false, false); // no stack trace: this is an answer, not a failure
    this.status = status;
    this.error = error;
    this.extra = extra;
  }

  /** Sends this header with the refusal (e.g. {@code Retry-After}). */
  public ApiException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public static ApiException badJson(String message) {
    return new ApiException(400, "bad_json", message);
  }

  public static ApiException badField(String message) {
    return new ApiException(400, "bad_field", message);
  }

  /**
   * The answer for any failure: a refusal becomes its 4xx; anything else is a bug, answered with
   * a JSON 500 and logged in one line, never a stack trace.
   */
  public static ApiResponse responseFor(Throwable failure) {
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

  public ApiResponse toResponse() {
    ObjectNode body = ApiResponse.errorBody(error, getMessage());
    if (extra != null) {
      body.setAll(extra);
    }
    return new ApiResponse(status, "application/json", dev.escarp.core.json.JsonTrees.bytes(body), headers);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }
}
