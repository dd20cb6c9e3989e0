package dev.escarp.mcp.testing;

import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.mcp.McpMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How tests start the shim: {@code java -cp <this JVM's class path> dev.escarp.mcp.McpMain}, with
 * an environment that names its ESCARP_HOME and daemon explicitly, so a shim under test never
 * finds a developer's daemon on 7878 or touches ~/.escarp.
 */
public final class ShimCommand {

  private ShimCommand() {}

  public static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(McpMain.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** A daemon-mode environment: this home, and the daemon listening on {@code apiPort}. */
  public static Map<String, String> withDaemon(Path home, int apiPort) {
    Map<String, String> env = base(home);
    env.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + apiPort);
    return env;
  }

  /** An environment where no daemon answers: the broker URL points at a port nobody listens on. */
  public static Map<String, String> withoutDaemon(Path home) {
    Map<String, String> env = base(home);
    int nobody = LoopbackPorts.freePort();
    env.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + nobody);
    env.put("ESCARP_API_PORT", Integer.toString(nobody));
    return env;
  }

  private static Map<String, String> base(Path home) {
    Map<String, String> env = new HashMap<>(TestPool.testHost().env());
    env.keySet().removeIf(name -> name.startsWith("ESCARP_"));
    env.put("ESCARP_HOME", home.toString());
    return env;
  }
}
