package dev.escarp.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.DaemonPerClass;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A corpus of malformed requests across every route: each gets a 4xx with a JSON error body, never a 5xx. */
class MalformedInputTest {

  private static final List<String> POST_ROUTES =
      List.of("/acquire", "/heartbeat", "/release", "/hold", "/pool/add", "/pool/remove");
  private static final List<String> BODIES = List.of(
      "", "null", "[]", "[{}]", "1", "-1", "\"holder\"", "true", "{", "}", "{\"holder\"}", "{\"holder\": }",
      "{'holder': 'single quotes'}", "{\"holder\": \"a\", \"holder\": \"b\"}", "{\"holder\": \"a\"} trailing",
      "{\"holder\": null}", "{\"holder\": [\"a\"]}", "{\"holder\": {\"name\": \"a\"}}", "{\"holder\": \"   \"}",
      "{\"holder\": \"a\", \"slot\": \"zero\"}", "{\"holder\": \"a\", \"slot\": 2.5}", "{\"holder\": \"a\", \"slot\": -7}",
      "{\"holder\": \"a\", \"slot\": 1e400}", "{\"holder\": \"a\", \"slot\": 12345678901234567890}",
      "{\"holder\": \"a\", \"slot\": false}", "{\"holder\": \"a\", \"dev_port\": 70000}",
      "{\"holder\": \"a\", \"dev_port\": \"3000\"}", "{\"holder\": \"a\", \"wait_s\": 1e9}",
      "{\"holder\": \"a\", \"wait_s\": -0.5}", "{\"lease_token\": 42}", "{\"lease_token\": \"\"}",
      "{\"lease_token\": null}", "{\"lease_token\": [\"x\"]}", "{\"slot\": \"1\"}", "{\"slot\": -1}",
      "{\"slot\": 1, \"force\": \"true\"}", "{\"slot\": 99999999}", "\u0000\u0001\u0002",
      "{\"holder\": \"" + "\\ud800" + "\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);

  @Test
  void corpusOfMalformedRequests_getsOnly4xxWithJsonErrors() {
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (String route : POST_ROUTES) {
      for (String body : BODIES) {
        Reply reply = daemon.api().post(route, body);
        sent++;
        check(route + " " + body, reply, failures);
        releaseIfGranted(reply);
      }
    }
    String[] contentTypes = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""};
    for (String route : POST_ROUTES) {
      for (String type : contentTypes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(daemon.api().uri(route))
            .POST(HttpRequest.BodyPublishers.ofString("{\"holder\": \"a\"}"));
        if (!type.isEmpty()) {
          request.header("Content-Type", type);
        }
        Reply reply = daemon.api().send(request);
        sent++;
        check(route + " as " + type, reply, failures);
        if (reply.status() != 415) {
          failures.add(route + " as '" + type + "': expected 415, got " + reply);
        }
      }
    }
    for (String path : List.of("/", "/status/", "/STATUS", "/acquire/extra", "/../etc/passwd", "/%00", "/json/version")) {
      Reply reply = daemon.api().get(path);
      sent++;
      check("GET " + path, reply, failures);
    }
    for (String route : POST_ROUTES) {
      Reply reply = daemon.api().get(route);
      sent++;
      check("GET " + route, reply, failures);
    }
    for (String route : List.of("/status", "/reaped", "/metrics", "/healthz")) {
      Reply reply = daemon.api().send(HttpRequest.newBuilder(daemon.api().uri(route)).header("Content-Type", "application/json")
          .method("DELETE", HttpRequest.BodyPublishers.noBody()));
      sent++;
      check("DELETE " + route, reply, failures);
    }
    String[] rawRequests = {
        "BREW /acquire HTCPCP/1.0\r\n\r\n",
        "GET\r\n\r\n",
        "POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}",
        "POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n\u00ff\u00fe",
        "GET /status HTTP/1.1\r\nHost: [::1]:1\r\nConnection: close\r\n\r\n",
        "GET /status HTTP/1.1\r\nHost: 127.0.0.1.evil.example\r\nConnection: close\r\n\r\n",
        "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: null\r\nConnection: close\r\n\r\n",
    };
    for (String raw : rawRequests) {
      Reply reply = daemon.api().raw(raw.getBytes(StandardCharsets.ISO_8859_1));
      sent++;
      if (reply.status() >= 500) {
        failures.add("raw " + raw.lines().findFirst().orElse("") + " -> " + reply);
      }
    }

    assertTrue(sent >= 100, "corpus too small: " + sent);
    assertEquals(List.of(), failures);
  }

  private static void check(String what, Reply reply, List<String> failures) {
    if (reply.status() >= 500) {
      failures.add(what + " -> 5xx " + reply);
      return;
    }
    if (reply.status() >= 400) {
      JsonNode body;
      try {
        body = reply.json();
      } catch (AssertionError e) {
        failures.add(what + " -> non-JSON error " + reply);
        return;
      }
      if (!body.path("error").isTextual() || !body.path("message").isTextual()) {
        failures.add(what + " -> error body without error/message: " + reply);
      }
    }
  }

  private static void releaseIfGranted(Reply reply) {
    if (reply.status() == 200 && reply.body().contains("lease_token")) {
      daemon.api().post("/release", "{\"lease_token\": \"" + reply.json().get("lease_token").asText() + "\"}");
    }
  }
}
