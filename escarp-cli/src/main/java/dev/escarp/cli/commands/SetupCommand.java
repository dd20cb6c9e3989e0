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

/** {@code escarp setup claude-code|codex}: register escarp's MCP server with an agent's CLI. */
@Command(name = "setup", mixinStandardHelpOptions = true,
    description = {"Register escarp's MCP server with a coding agent.",
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
    context.out().printf("%s is not on PATH. To register escarp with it later, run:%n%n  %s%n%n",
        client.binary, String.join(" ", register));
    if (client == Client.CODEX) {
      context.out().printf("or add to ~/.codex/config.toml:%n%n  [mcp_servers.escarp]%n  command = \"%s\"%n%n", server);
    }
    context.out().printf("For any MCP client (stdio), the server entry is:%n%n"
        + "  {\"mcpServers\": {\"escarp\": {\"command\": \"%s\", \"args\": []}}}%n", server.replace("\\", "\\\\"));
    ConnectLines.print(context.out(), client.binary, context.env(), Path.of("").toAbsolutePath());
    return ExitCodes.OK;
  }

}
