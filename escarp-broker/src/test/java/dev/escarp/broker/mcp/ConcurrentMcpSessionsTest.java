package dev.escarp.broker.mcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.broker.testing.DaemonPerClass;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many agents at once on one daemon: each MCP session is its own holder. */
class ConcurrentMcpSessionsTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(4);

  @Test
  void twentyConcurrentSessions_onAPoolOfFour_getFourLeases_andTheRestAreToldThePoolIsExhaustedWithRetryHints()
      throws Exception {
    int port = daemon.api().port();
    // The pool of four, every browser answering: a browser slow to answer the daemon's first probe
    // (a loaded CI machine) shows unhealthy until the health sweep finds it, which is not this test's subject.
    await("four free slots").atMost(Duration.ofSeconds(20)).until(() -> daemon.api().get("/status").json()
        .path("slots").findValues("state").stream().filter(s -> s.asText().equals("free")).count() == 4);
    List<McpSyncClient> clients = new ArrayList<>();
    ExecutorService agents = Executors.newFixedThreadPool(20);
    try {
      List<Callable<McpSchema.CallToolResult>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String name = "agent-" + i;
        calls.add(() -> {
          McpSyncClient client = McpClients.connect(port, name);
          synchronized (clients) {
            clients.add(client);
          }
          return client.callTool(new McpSchema.CallToolRequest("escarp_acquire", Map.of()));
        });
      }
      int granted = 0;
      int exhausted = 0;
      for (Future<McpSchema.CallToolResult> f : agents.invokeAll(calls)) {
        McpSchema.CallToolResult result = f.get(); // a protocol error would throw here
        if (!Boolean.TRUE.equals(result.isError())) {
          granted++;
          continue;
        }
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertTrue(text.startsWith("pool_exhausted: No browser is free"), text);
        assertTrue(text.contains("retry after that") || text.contains("wait_s"), text);
        String json = ((McpSchema.TextContent) result.content().get(1)).text();
        assertTrue(json.matches(".*\"retry_after_s\":[0-9.]+.*"), "a retry hint in seconds: " + json);
        exhausted++;
      }
      assertEquals(4, granted, () -> "slots: " + daemon.api().get("/status").json().path("slots").findValues("state")
          + " problems: " + daemon.api().get("/status").json().path("slots").findValues("problem"));
      assertEquals(16, exhausted);
      assertEquals(4, daemon.api().get("/status").json().path("slots").findValues("state").stream()
          .filter(s -> s.asText().equals("leased")).count());
    } finally {
      agents.shutdownNow();
      clients.forEach(McpSyncClient::closeGracefully);
    }
  }
}
