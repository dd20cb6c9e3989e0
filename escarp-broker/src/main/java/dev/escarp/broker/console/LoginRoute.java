package dev.escarp.broker.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.filters.ConsoleCookie;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Responder;
import dev.escarp.broker.http.StreamingRoute;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /console/login {"token"}}: the console's login form posts {@code ESCARP_API_TOKEN}
 * here once; the answer sets an HttpOnly, SameSite=Strict cookie the browser then sends with
 * every console request (a WebSocket or an EventSource cannot send a bearer header). 401 for a
 * wrong token; without a token on the daemon there is nothing to log in to.
 */
final class LoginRoute implements StreamingRoute {

  private final Optional<ConsoleCookie> cookie;

  LoginRoute(Optional<String> apiToken) {
    this.cookie = apiToken.map(ConsoleCookie::new);
  }

  @Override
  public void handle(ApiRequest request, Responder responder) {
    if (!request.method().equals("POST")) {
      throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on /console/login; use POST");
    }
    ObjectNode answer = JsonTrees.object();
    if (cookie.isEmpty()) {
      answer.put("token_required", false);
      responder.respond(ApiResponse.ok(answer), Map.of());
      return;
    }
    String token = token(request.body());
    if (!cookie.get().isToken(token)) {
      throw new ApiException(401, "unauthorized", "that is not this daemon's ESCARP_API_TOKEN");
    }
    answer.put("token_required", true);
    responder.respond(ApiResponse.ok(answer), Map.of("Set-Cookie", cookie.get().setCookieHeader()));
  }

  private static String token(byte[] body) {
    JsonNode json;
    try {
      json = JsonTrees.parse(body);
    } catch (IOException e) {
      throw ApiException.badJson("the body must be a JSON object: " + e.getMessage());
    }
    JsonNode token = json == null ? null : json.get("token");
    if (token == null || !token.isTextual() || token.asText().isEmpty()) {
      throw ApiException.badField("'token' must be a non-empty string");
    }
    return token.asText();
  }
}
