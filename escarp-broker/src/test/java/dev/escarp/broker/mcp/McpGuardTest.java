package dev.escarp.broker.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /mcp sits behind the API's rules: the bearer token, and JSON for what it posts. */
class McpGuardTest {

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}";

  @TempDir Path home;

  @Test
  void withAnApiToken_mcpNeedsTheBearerToken_andAnUnknownSessionIs404() throws Exception {
    try (TestDaemon daemon = TestDaemon.createWithoutBrowsers(home, 1, Map.of("ESCARP_API_TOKEN", "s3cret")).start()) {
      Reply without = daemon.api().raw(post(""));
      assertEquals(401, without.status(), without.toString());
      assertEquals("unauthorized", without.error());

      Reply with = daemon.api().raw(post("Authorization: Bearer s3cret\r\n"));
      assertEquals(200, with.status(), with.toString());

      Reply unknown = daemon.api().raw("GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret\r\n"
          + "Accept: text/event-stream\r\nMcp-Session-Id: no-such-session\r\nConnection: close\r\n\r\n");
      assertEquals(404, unknown.status(), unknown.toString());
      assertEquals("unknown_session", unknown.error());

      Reply notJson = daemon.api().raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer s3cret\r\n"
          + "Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
      assertEquals(415, notJson.status(), notJson.toString());
    }
  }

  private static String post(String auth) {
    return "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + "Content-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nContent-Length: " + INITIALIZE.length()
        + "\r\nConnection: close\r\n\r\n" + INITIALIZE;
  }
}
