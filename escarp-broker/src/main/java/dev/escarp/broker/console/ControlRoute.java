package dev.escarp.broker.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Responder;
import dev.escarp.broker.http.StreamingRoute;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /console/take {"slot", "viewer", "name"?}} and {@code POST /console/handback
 * {"slot", "viewer"}}: a live view ({@code viewer} is the id its socket was greeted with) takes
 * control of a leased slot's page, or hands it back. The answer comes once the holder's traffic
 * is held (or flows again): {@code {"slot", "controlled_by"}}.
 */
final class ControlRoute implements StreamingRoute {

  private final Controls controls;
  private final boolean take;

  ControlRoute(Controls controls, boolean take) {
    this.controls = controls;
    this.take = take;
  }

  @Override
  public void handle(ApiRequest request, Responder responder) {
    if (!request.method().equals("POST")) {
      throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on " + request.path()
          + "; use POST");
    }
    JsonNode body;
    try {
      body = JsonTrees.parse(request.body());
    } catch (IOException e) {
      throw ApiException.badJson("the body must be a JSON object: " + e.getMessage());
    }
    if (body == null || !body.path("slot").canConvertToInt() || !body.path("slot").isIntegralNumber()) {
      throw ApiException.badField("'slot' must be an integer");
    }
    if (!body.path("viewer").isTextual()) {
      throw ApiException.badField("'viewer' must be the id of a live view of the slot");
    }
    int slot = body.get("slot").asInt();
    String viewer = body.get("viewer").asText();
    String name = body.path("name").isTextual() && !body.path("name").asText().isBlank()
        ? body.get("name").asText() : "console";
    (take ? controls.take(slot, viewer, name) : controls.handBack(slot, viewer)).whenComplete((by, failure) -> {
      if (failure != null) {
        responder.respond(ApiException.responseFor(failure), Map.of());
        return;
      }
      ObjectNode answer = JsonTrees.object();
      answer.put("slot", slot);
      answer.put("controlled_by", by.orElse(null));
      responder.respond(ApiResponse.ok(answer), Map.of());
    });
  }
}
