package dev.escarp.cli.commands;

import com.sun.net.httpserver.HttpServer;
import dev.escarp.broker.daemon.Daemon;
import dev.escarp.broker.daemon.DaemonConfig;
import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.EscarpMain;
import dev.escarp.cli.JavaLauncher;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.BrokerLocator;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.lease.AcquireRequest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Not for people: the build runs it once to record which classes escarp loads, for the
 * class-data-sharing archive. It runs {@code status} against a canned daemon on an ephemeral
 * loopback port and prints help (the short commands), then boots a real daemon with an empty
 * pool in a private home under the build's training home and sends it a few requests (the
 * daemon's start), and has a stdio MCP shim and an MCP session at its {@code /mcp} talk to it. It touches no user's daemon, pool or browser.
 */
@Command(name = "internal-training", hidden = true)
public final class TrainingCommand implements Callable<Integer> {

  private static final String CANNED_STATUS = "{\"pool_size\":1,\"lease_ttl_s\":60,\"reaper_interval_s\":0.05,"
      + "\"slots\":[{\"slot\":0,\"cdp_port\":9222,\"cdp_ws_url\":null,\"pid\":-1,\"tier\":\"autonomous\","
      + "\"dev_ports\":{\"frontend\":3000,\"backend\":8000,\"postgres\":5432},\"state\":\"leased\","
      + "\"holder\":\"training\",\"dev_port\":null,\"acquired_at\":1.0,\"expires_at\":61.0,"
      + "\"last_heartbeat\":1.0,\"suspected_stale\":false,\"available_after_s\":0,\"retry_after_s\":0}]}";

  private final CliContext context;

  public TrainingCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    HttpServer canned = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    canned.createContext("/", exchange -> {
      byte[] body = (exchange.getRequestURI().getPath().equals("/healthz") ? "{\"ok\":true}" : CANNED_STATUS)
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    canned.start();
    try {
      Map<String, String> env = new HashMap<>(context.env());
      env.put("ESCARP_BROKER_URL", "http://127.0.0.1:" + canned.getAddress().getPort());
      StringWriter sink = new StringWriter();
      PrintWriter out = new PrintWriter(sink);
      for (String[] args : new String[][] {{"status"}, {"status", "--json"}, {"--help"}, {"acquire", "--help"},
          {"release", "--mine"}, {"docs"}, {"--version"}}) {
        EscarpMain.run(args, env, out, out, JavaLauncher.current());
      }
    } finally {
      canned.stop(0);
    }
    bootADaemon();
    return 0;
  }

  private void bootADaemon() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ESCARP_HOME", context.home().root().resolve("training-daemon").toString());
    env.put("ESCARP_POOL_SIZE", "0");
    env.put("ESCARP_API_PORT", String.valueOf(LoopbackPorts.freePort()));
    Daemon daemon = new Daemon(DaemonConfig.fromEnvironment(env), env, new PrintStream(OutputStream.nullOutputStream()));
    try {
      int port = daemon.start();
      BrokerClient client = new BrokerLocator(env, EscarpHome.fromEnvironment(env), Duration.ofSeconds(5))
          .client(BrokerLocator.loopback(port));
      client.status();
      client.acquire(AcquireRequest.anySlot("training")); // refused: the pool is empty
      client.heartbeat("not-a-lease");
      client.release("not-a-lease");
      McpTraining.shim(env, port);
      McpTraining.http(port);
    } finally {
      daemon.close();
    }
  }
}
