package dev.escarp.broker.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daemon's /mcp, driven by the MCP Java SDK's own Streamable HTTP client and by Playwright. */
class McpOverHttpTest {

  private static final Duration GRACE = Duration.ofSeconds(3);

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(2,
      Map.of("ESCARP_MCP_STREAM_GRACE_S", Long.toString(GRACE.toSeconds())));

  @AfterEach
  void everySlotFreeAgain() {
    await().atMost(Duration.ofSeconds(15)).until(() -> leasedSlots().isEmpty() && !resetting());
  }

  @Test
  void aRealMcpClient_initializesListsAcquiresDrivesTheBrowserAndReleases() {
    McpSyncClient client = McpClients.connect(api().port(), "sdk-agent");
    try {
      List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
      assertEquals(List.of("escarp_acquire", "escarp_release", "escarp_status"), tools);

      Map<String, Object> lease = McpClients.acquire(client);
      int slot = ((Number) lease.get("slot")).intValue();
      assertEquals(List.of(slot), leasedSlots());
      assertTrue(holderOf(slot).startsWith("sdk-agent (mcp session "), holderOf(slot));

      try (Playwright playwright = Playwright.create()) {
        Browser browser = playwright.chromium().connectOverCDP((String) lease.get("cdp_http_url"));
        Page page = browser.contexts().get(0).newPage();
        page.setContent("<title>leased over mcp</title><p>hello</p>");
        assertEquals("leased over mcp", page.title());
        browser.close();
      }

      McpSchema.CallToolResult released = client.callTool(new McpSchema.CallToolRequest("escarp_release", Map.of()));
      assertEquals(true, ((Map<?, ?>) released.structuredContent()).get("released"));
      assertTrue(leasedSlots().isEmpty());
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void aSecondSession_getsADifferentSlot() {
    McpSyncClient first = McpClients.connect(api().port(), "first");
    McpSyncClient second = McpClients.connect(api().port(), "second");
    try {
      Object a = McpClients.acquire(first).get("slot");
      Object b = McpClients.acquire(second).get("slot");
      assertNotEquals(a, b);
      assertEquals(2, leasedSlots().size());
    } finally {
      first.closeGracefully();
      second.closeGracefully();
    }
  }

  @Test
  void endingASession_releasesItsLease() {
    McpSyncClient client = McpClients.connect(api().port(), "leaving");
    McpClients.acquire(client);
    assertEquals(1, leasedSlots().size());
    client.closeGracefully(); // the SDK sends DELETE /mcp with the session id
    await().atMost(Duration.ofSeconds(2)).until(() -> leasedSlots().isEmpty());
  }

  @Test
  void killingTheClientProcess_releasesItsLeaseWithinTheGrace() throws Exception {
    Process child = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
        McpClients.class.getName(), Integer.toString(api().port()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("slot "), "child said: " + line);
      assertEquals(1, leasedSlots().size());
      child.destroyForcibly().waitFor();
      long killed = System.nanoTime();
      await().atMost(GRACE.plusSeconds(2)).until(() -> leasedSlots().isEmpty());
      long took = Duration.ofNanos(System.nanoTime() - killed).toMillis();
      assertTrue(took >= GRACE.toMillis() - 500, "the lease must survive a reconnect grace, ended after " + took + " ms");
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aForeignHostOrOrigin_isRefusedOnMcp() {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"evil\",\"version\":\"1\"}}}";
    for (String header : List.of("Host: rebound.evil.example", "Host: 127.0.0.1\r\nOrigin: http://evil.example")) {
      var reply = api().raw("POST /mcp HTTP/1.1\r\n" + header + "\r\nContent-Type: application/json\r\n"
          + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body);
      assertEquals(403, reply.status(), header);
      assertEquals("forbidden_origin", reply.error());
    }
    assertEquals(0, daemon.daemon().daemon().mcpSessions(), "no session was started");
    var loopback = api().raw("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\n"
        + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertEquals(200, loopback.status(), loopback.toString());
  }

  private static ApiClient api() {
    return daemon.api();
  }

  private static List<Integer> leasedSlots() {
    return slots().stream().filter(s -> s.path("state").asText().equals("leased"))
        .map(s -> s.path("slot").asInt()).toList();
  }

  private static boolean resetting() {
    return slots().stream().anyMatch(s -> s.path("state").asText().equals("resetting"));
  }

  private static String holderOf(int slot) {
    return slots().get(slot).path("holder").asText();
  }

  private static List<JsonNode> slots() {
    List<JsonNode> slots = new java.util.ArrayList<>();
    api().get("/status").json().path("slots").forEach(slots::add);
    return slots;
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }
}
