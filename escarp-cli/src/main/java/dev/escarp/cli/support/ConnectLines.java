package dev.escarp.cli.support;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The lines that give a browser MCP server a lease of its own through connect-to-lease: it is
 * configured once with a stable URL, and escarp leases a browser when it connects and takes it
 * back when it has been gone for the grace period.
 */
public final class ConnectLines {

  private ConnectLines() {
  }

  /** Prints the registration lines for chrome-devtools-mcp and @playwright/mcp with {@code agentBinary}. */
  public static void print(PrintWriter out, String agentBinary, Map<String, String> env, Path workingDirectory) {
    print(out, agentBinary, "127.0.0.1:" + env.getOrDefault("ESCARP_API_PORT", "7878"), env, workingDirectory);
  }

  /** As {@link #print(PrintWriter, String, Map, Path)}, for the daemon serving at {@code hostAndPort}. */
  public static void print(PrintWriter out, String agentBinary, String hostAndPort, Map<String, String> env,
      Path workingDirectory) {
    Path name = workingDirectory.getFileName();
    String holder = name == null ? "agent" : name.toString().replaceAll("[^A-Za-z0-9._-]", "-");
    String base = hostAndPort + "/connect/" + holder;
    out.printf("%nBrowser MCP servers can hold a lease of their own (connect-to-lease): it starts when they"
        + " connect and%nends %s s after they disconnect; its browser is reset for the next holder.%n%n",
        env.getOrDefault("ESCARP_CONNECT_GRACE_S", "10"));
    out.printf("  %s mcp add chrome-devtools -- npx chrome-devtools-mcp@latest --wsEndpoint ws://%s%n", agentBinary, base);
    out.printf("  %s mcp add playwright -- npx @playwright/mcp@latest --cdp-endpoint http://%s%n", agentBinary, base);
    out.printf("%n(chrome-devtools-mcp's --browser-url drops a URL's path, so it takes the WebSocket form.)%n");
    out.flush();
  }
}
