package dev.escarp.broker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Playwrights;
import dev.escarp.broker.testing.Reply;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console obeys the API's rules: loopback Host, Origin, and the token (as a bearer header or the login cookie). */
class ConsoleSecurityTest {

  private static final String TOKEN = "console-s3cret";

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1, Map.of("ESCARP_API_TOKEN", TOKEN));

  private static final List<String> PUBLIC_FILES = List.of("/", "/console/app.js", "/console/app.css");
  private static final List<String> GUARDED_POSTS = List.of("/console/take", "/console/handback");
  private static final String WEBSOCKET = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

  private final HttpClient http = HttpClient.newHttpClient();

  private ApiClient api() {
    return daemon.api();
  }

  private String host() {
    return "127.0.0.1:" + api().port();
  }

  private Reply raw(String requestLine, String headers, String body) {
    return api().raw(requestLine + " HTTP/1.1\r\n" + headers + "Content-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body);
  }

  private static void assertRefused(int status, Reply reply) {
    assertEquals(status, reply.status(), reply.toString());
    assertTrue(reply.contentType().startsWith("application/json"), reply.toString());
    assertTrue(reply.json().has("error") && reply.json().has("message"), reply.toString());
  }

  private String cookie() throws Exception {
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(api().uri("/console/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"token\": \"" + TOKEN + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), login.body());
    String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"),
        setCookie);
    assertFalse(setCookie.contains(TOKEN), "the cookie holds a digest, not the token");
    return setCookie.split(";")[0];
  }

  @Test
  void thePublicFiles_needNoToken_butALoopbackHostAndOrigin() {
    for (String path : PUBLIC_FILES) {
      assertEquals(200, raw("GET " + path, "Host: " + host() + "\r\n", "").status(), path);
      assertRefused(403, raw("GET " + path, "Host: evil.example:" + api().port() + "\r\n", ""));
      assertRefused(403, raw("GET " + path, "Host: " + host() + "\r\nOrigin: http://evil.example\r\n", ""));
    }
  }

  @Test
  void theDataAndActions_refuseWithoutTheToken_aForeignHost_orAForeignOrigin() {
    assertRefused(401, raw("GET /events", "Host: " + host() + "\r\n", ""));
    assertRefused(403, raw("GET /events", "Host: evil.example\r\nAuthorization: Bearer " + TOKEN + "\r\n", ""));
    assertRefused(403, raw("GET /events", "Host: " + host() + "\r\nOrigin: http://evil.example\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\n", ""));
    for (String path : GUARDED_POSTS) {
      String json = "Host: " + host() + "\r\nContent-Type: application/json\r\n";
      assertRefused(401, raw("POST " + path, json, "{\"slot\": 0, \"viewer\": \"x\"}"));
      assertRefused(403, raw("POST " + path, json.replace(host(), "evil.example") + "Authorization: Bearer " + TOKEN
          + "\r\n", "{\"slot\": 0, \"viewer\": \"x\"}"));
      // Another loopback origin (an agent's dev server) is not the console's own page.
      assertRefused(403, raw("POST " + path, json + "Origin: http://127.0.0.1:3000\r\nAuthorization: Bearer " + TOKEN
          + "\r\n", "{\"slot\": 0, \"viewer\": \"x\"}"));
      assertRefused(415, raw("POST " + path, "Host: " + host() + "\r\nAuthorization: Bearer " + TOKEN + "\r\n",
          "{\"slot\": 0, \"viewer\": \"x\"}"));
    }
    assertRefused(401, raw("GET /console/live/0", "Host: " + host() + "\r\n" + WEBSOCKET, ""));
    assertRefused(403, raw("GET /console/live/0", "Host: evil.example\r\nAuthorization: Bearer " + TOKEN + "\r\n"
        + WEBSOCKET, ""));
    assertRefused(403, raw("GET /console/live/0", "Host: " + host() + "\r\nOrigin: http://127.0.0.1:3000\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\n" + WEBSOCKET, ""));
    assertRefused(401, raw("POST /console/login", "Host: " + host() + "\r\nContent-Type: application/json\r\n",
        "{\"token\": \"guess\"}"));
  }

  @Test
  void theLoginCookie_opensTheFeedAndALiveView_onlyFromTheDaemonsOwnOrigin() throws Exception {
    String cookie = cookie();
    HttpResponse<InputStream> feed = http.send(HttpRequest.newBuilder(api().uri("/events")).header("Cookie", cookie)
        .header("Origin", "http://" + host()).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = feed.body()) {
      assertEquals(200, feed.statusCode());
      assertEquals("text/event-stream", feed.headers().firstValue("content-type").orElse(""));
      String first = new String(body.readNBytes(14));
      assertEquals("event: status\n", first);
    }
    assertEquals(401, http.send(HttpRequest.newBuilder(api().uri("/status")).header("Cookie", cookie)
        .header("Origin", "http://127.0.0.1:3000").build(), HttpResponse.BodyHandlers.ofString()).statusCode());

    CompletableFuture<String> hello = new CompletableFuture<>();
    WebSocket live = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", "http://" + host())
        .buildAsync(URI.create("ws://" + host() + "/console/live/0"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            hello.complete(data.toString());
            ws.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    try {
      assertTrue(hello.get(10, TimeUnit.SECONDS).contains("\"type\":\"hello\""));
    } finally {
      live.abort();
    }
  }

  @Test
  void aPersonLogsInOnceWithTheFormAndSeesThePool() {
    try (Playwright playwright = Playwrights.create();
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
            .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true).setArgs(List.of("--no-sandbox")))) {
      Page page = browser.newPage();
      page.navigate("http://" + host() + "/");
      page.fill("#login-token", TOKEN);
      page.click("#login button");
      page.waitForSelector("tr[data-slot='0']", new Page.WaitForSelectorOptions().setTimeout(10_000));
      assertEquals("free", page.getAttribute("tr[data-slot='0']", "data-state"));
      page.navigate("http://" + host() + "/");
      page.waitForSelector("tr[data-slot='0']", new Page.WaitForSelectorOptions().setTimeout(10_000));
      assertTrue(page.isHidden("#login"), "the cookie keeps the browser logged in");
    }
  }
}
