package dev.escarp.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error reply of the daemon: HTTP status, the wire contract's {@code error} name and
 * {@code message}, and the whole body (a full pool carries a {@code snapshot}).
 */
public record ApiError(int status, String error, String message, JsonNode body) {

  /** The error a reply body names; a body without one is named after its status. */
  public static ApiError from(int status, JsonNode body) {
    return new ApiError(status, body.path("error").asText("http_" + status), body.path("message").asText(""), body);
  }

  public boolean is(String name) {
    return error.equals(name);
  }
}
