package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.ConnectLines;
import dev.escarp.cli.support.Distribution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code escarp setup claude-code|codex}: register escarp's MCP server with an agent's CLI: the
 * daemon's {@code /mcp} (Streamable HTTP) when a daemon serves, else the stdio shim.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
    description = {"Register escarp's MCP server with a coding agent.",
        "When the escarp daemon runs, registers its HTTP endpoint (http://127.0.0.1:<port>/mcp): no process",
        "per agent. Otherwise (or with --stdio) registers the stdio shim, escarp-mcp.",
        "Runs `claude mcp add` or `codex mcp add` when that CLI is on PATH; otherwise prints the",
        "command, and a config snippet for any MCP client."})
public final class SetupCommand implements Callable<Integer> {

  /** The agents escarp knows how to register with. */
  enum Client {
    CLAUDE_CODE("claude-code", "claude"),
    CODEX("codex", "codex");

    final String label;
    final String binary;

    Client(String label, String binary) {
      this.label = label;
      this.binary = binary;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @Parameters(paramLabel = "CLIENT", description = "claude-code or codex.", converter = ClientConverter.class)
  private Client client;

  @picocli.CommandLine.Option(names = "--stdio", description = "Register the stdio shim even when the daemon runs.")
  private boolean stdio;

  private final CliContext context;

  public SetupCommand(CliContext context) {
    this.context = context;
  }

  static final class ClientConverter implements picocli.CommandLine.ITypeConverter<Client> {
    @Override
    public Client convert(String value) {
      for (Client c : Client.values()) {
        if (c.label.equals(value)) {
          return c;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected claude-code or codex, got '" + value + "'");
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!stdio) {
      var at = context.locator().locate();
      if (context.locator().client(at.uri()).isServing()) {
        return registerHttp(at.uri().resolve("/mcp").toString());
      }
    }
    String server = Distribution.mcpLauncher().map(Path::toString).orElse("escarp-mcp");
    List<String> register = new ArrayList<>(List.of(client.binary, "mcp", "add", "escarp", "--", server));
    Optional<Path> cli = Distribution.onPath(context.env().get("PATH"), client.binary);
    if (cli.isPresent()) {
      register.set(0, cli.get().toString());
      ProcessBuilder builder = new ProcessBuilder(register).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(context.env());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new CliException(ExitCodes.FAILURE, String.join(" ", register) + " did not finish in 60 s");
      }
      if (!output.isEmpty()) {
        context.out().println(output);
      }
      if (process.exitValue() != 0) {
        throw new CliException(ExitCodes.FAILURE, String.join(" ", register) + " failed (exit "
            + process.exitValue() + ")");
      }
      context.out().printf("escarp's MCP server is registered with %s as \"escarp\" (%s)%n", client, server);
      ConnectLines.print(context.out(), client.binary, context.env(), Path.of("").toAbsolutePath());
      return ExitCodes.OK;
    }
    context.out().printf("%s is not on PATH. To register escarp's stdio shim with it later, run:%n%n  %s%n%n",
        client.binary, String.join(" ", register));
    if (client == Client.CODEX) {
      context.out().printf("or add to ~/.codex/config.toml:%n%n  [mcp_servers.escarp]%n  command = \"%s\"%n%n", server);
    }
    context.out().printf("For any MCP client (stdio), the server entry is:%n%n"
        + "  {\"mcpServers\": {\"escarp\": {\"command\": \"%s\", \"args\": []}}}%n", server.replace("\\", "\\\\"));
    ConnectLines.print(context.out(), client.binary, context.env(), Path.of("").toAbsolutePath());
    return ExitCodes.OK;
  }

  /** The daemon serves MCP itself: register its URL; print both agents' lines and a JSON entry. */
  private Integer registerHttp(String url) throws Exception {
    boolean token = context.setting("ESCARP_API_TOKEN").isPresent();
    List<String> claude = new ArrayList<>(List.of("claude", "mcp", "add", "--transport", "http", "escarp", url));
    if (token) {
      claude.addAll(List.of("--header", "Authorization: Bearer $ESCARP_API_TOKEN"));
    }
    List<String> codex = new ArrayList<>(List.of("codex", "mcp", "add", "escarp", "--url", url));
    if (token) {
      codex.addAll(List.of("--bearer-token-env-var", "ESCARP_API_TOKEN"));
    }
    List<String> register = client == Client.CLAUDE_CODE ? claude : codex;
    Optional<Path> cli = Distribution.onPath(context.env().get("PATH"), client.binary);
    if (cli.isPresent()) {
      register.set(0, cli.get().toString());
      // No shell runs this: put the token's value where a shell would have expanded it.
      List<String> args = register.stream().map(a -> a.replace("$ESCARP_API_TOKEN",
          context.setting("ESCARP_API_TOKEN").orElse(""))).toList();
      ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
      builder.environment().clear();
      builder.environment().putAll(context.env());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new CliException(ExitCodes.FAILURE, shell(register) + " did not finish in 60 s");
      }
      if (!output.isEmpty()) {
        context.out().println(output);
      }
      if (process.exitValue() != 0) {
        throw new CliException(ExitCodes.FAILURE, shell(register) + " failed (exit " + process.exitValue() + ")");
      }
      context.out().printf("escarp's MCP endpoint %s is registered with %s as \"escarp\" (HTTP: no process per "
          + "agent; needs the daemon running)%n", url, client);
      printConnectLines(url);
      return ExitCodes.OK;
    }
    context.out().printf("%s is not on PATH. The escarp daemon serves MCP at %s; register it with:%n%n"
        + "  %s        # Claude Code%n  %s        # Codex%n%n", client.binary, url, shell(claude), shell(codex));
    context.out().printf("For any MCP client (Streamable HTTP), the server entry is:%n%n"
        + "  {\"mcpServers\": {\"escarp\": {\"type\": \"http\", \"url\": \"%s\"%s}}}%n", url,
        token ? ", \"headers\": {\"Authorization\": \"Bearer <ESCARP_API_TOKEN>\"}" : "");
    printConnectLines(url);
    return ExitCodes.OK;
  }

  private void printConnectLines(String mcpUrl) {
    java.net.URI daemon = java.net.URI.create(mcpUrl);
    ConnectLines.print(context.out(), client.binary, daemon.getHost() + ":" + daemon.getPort(), context.env(),
        Path.of("").toAbsolutePath());
  }

  /** A command line as a shell would take it: other arguments in double quotes, so $ESCARP_API_TOKEN expands. */
  private static String shell(List<String> command) {
    return String.join(" ", command.stream().map(a -> a.matches("[A-Za-z0-9_./:=@-]+") ? a : "\"" + a + "\"").toList());
  }
}
