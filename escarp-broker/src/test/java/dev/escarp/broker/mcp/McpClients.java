package dev.escarp.broker.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

/** MCP clients escarp did not write: the MCP Java SDK's own Streamable HTTP client transport. */
final class McpClients {

  private McpClients() {}

  static McpSyncClient connect(int port, String name) {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
            .endpoint("/mcp").build())
        .clientInfo(new McpSchema.Implementation(name, "1.0"))
        .requestTimeout(Duration.ofSeconds(30))
        .build();
    client.initialize();
    return client;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> acquire(McpSyncClient client) {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("escarp_acquire", Map.of()));
    if (Boolean.TRUE.equals(result.isError())) {
      throw new AssertionError("acquire refused: " + result.content());
    }
    return (Map<String, Object>) result.structuredContent();
  }

  /** A child JVM for the kill test: one session, one lease, then it waits to be killed. */
  public static void main(String[] args) throws InterruptedException {
    McpSyncClient client = connect(Integer.parseInt(args[0]), "doomed-agent");
    System.out.println("slot " + acquire(client).get("slot"));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // killed by the test
  }
}
