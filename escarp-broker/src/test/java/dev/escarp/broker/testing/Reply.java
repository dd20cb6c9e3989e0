package dev.escarp.broker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** An HTTP answer: status, raw body, and the body as JSON when it is JSON. */
public record Reply(int status, String contentType, String body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + status + "): " + body, e);
    }
  }

  public String error() {
    return json().path("error").asText();
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
