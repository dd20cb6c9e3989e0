package dev.escarp.broker.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /approve, /reject and /evidence obey the API's rules: the bearer token, Origin, and JSON for posts. */
class HumanLoopGuardTest {

  private static final String BODY = "{\"lease_id\": \"0123456789abcdef0123456789abcdef\"}";

  @TempDir Path home;

  @Test
  void approveRejectAndEvidence_needTheBearerToken_refuseAForeignOrigin_andPostsNeedJson() throws Exception {
    try (TestDaemon daemon = TestDaemon.createWithoutBrowsers(home, 1, Map.of("ESCARP_API_TOKEN", "s3cret")).start()) {
      for (String route : new String[] {"/approve", "/reject"}) {
        expect(daemon.api().raw(post(route, "", "application/json")), 401, "unauthorized");
        expect(daemon.api().raw(post(route, "Authorization: Bearer s3cret\r\nOrigin: http://evil.example\r\n",
            "application/json")), 403, "forbidden_origin");
        expect(daemon.api().raw(post(route, "Authorization: Bearer s3cret\r\n", "text/plain")), 415,
            "unsupported_media_type");
        expect(daemon.api().raw(post(route, "Authorization: Bearer s3cret\r\n", "application/json")), 404,
            "unknown_lease");
      }
      for (String path : new String[] {"/evidence", "/evidence/0123456789abcdef0123456789abcdef"}) {
        expect(daemon.api().raw(get(path, "")), 401, "unauthorized");
        expect(daemon.api().raw(get(path, "Authorization: Bearer s3cret\r\nOrigin: http://evil.example\r\n")), 403,
            "forbidden_origin");
      }
      Reply listed = daemon.api().raw(get("/evidence", "Authorization: Bearer s3cret\r\n"));
      assertEquals(200, listed.status(), listed.toString());
      assertEquals(0, listed.json().path("evidence").size());
    }
  }

  private static void expect(Reply reply, int status, String error) {
    assertEquals(status, reply.status(), reply.toString());
    assertEquals(error, reply.error(), reply.toString());
  }

  private static String post(String path, String headers, String type) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Type: " + type
        + "\r\nContent-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY;
  }

  private static String get(String path, String headers) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n";
  }
}
