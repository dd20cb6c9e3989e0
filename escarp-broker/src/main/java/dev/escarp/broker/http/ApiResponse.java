package dev.escarp.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** A response: status, content type and body bytes. */
public record ApiResponse(int status, String contentType, byte[] body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ApiResponse json(int status, JsonNode body) {
    try {
      return new ApiResponse(status, "application/json", JSON.writeValueAsBytes(body));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode a response", e);
    }
  }

  public static ApiResponse ok(JsonNode body) {
    return json(200, body);
  }

  /** The error body of the wire contract: {@code {"error", "message"}}. */
  public static ApiResponse error(int status, String error, String message) {
    return json(status, errorBody(error, message));
  }

  public static ObjectNode errorBody(String error, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("error", error);
    node.put("message", message);
    return node;
  }

  public static ApiResponse text(int status, String contentType, String body) {
    return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
