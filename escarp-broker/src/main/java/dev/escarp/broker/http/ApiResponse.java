package dev.escarp.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response: status, content type, body bytes, and any further headers (by name). */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public ApiResponse(int status, String contentType, byte[] body) {
    this(status, contentType, body, Map.of());
  }

  /** This response with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, contentType, body, more);
  }

  public static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, "application/json", JsonTrees.bytes(body));
  }

  public static ApiResponse ok(JsonNode body) {
    return json(200, body);
  }

  /** The error body of the wire contract: {@code {"error", "message"}}. */
  public static ApiResponse error(int status, String error, String message) {
    return json(status, errorBody(error, message));
  }

  public static ObjectNode errorBody(String error, String message) {
    ObjectNode node = JsonTrees.object();
    node.put("error", error);
    node.put("message", message);
    return node;
  }

  public static ApiResponse text(int status, String contentType, String body) {
    return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
