package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code escarp docs [NAME]}: the short guides bundled with the command. */
@Command(name = "docs", mixinStandardHelpOptions = true,
    description = "List the bundled guides, or print one.")
public final class DocsCommand implements Callable<Integer> {

  static final Map<String, String> TOPICS = new LinkedHashMap<>();

  static {
    TOPICS.put("quickstart", "from nothing to a leased browser");
    TOPICS.put("environment", "every ESCARP_* variable");
    TOPICS.put("exit-codes", "what each exit status means");
    TOPICS.put("mcp", "escarp as an MCP server for coding agents");
    TOPICS.put("codex-cua", "per-slot apps for computer-use agents (macOS)");
  }

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "The guide to print.")
  private String name;

  private final CliContext context;

  public DocsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    if (name == null) {
      TOPICS.forEach((topic, what) -> context.out().printf("  %-12s %s%n", topic, what));
      context.out().println("Print one with: escarp docs NAME");
      return ExitCodes.OK;
    }
    if (!TOPICS.containsKey(name)) {
      throw new CliException(ExitCodes.USAGE, "no guide named '" + name + "'; there are: "
          + String.join(", ", TOPICS.keySet()));
    }
    try (InputStream in = DocsCommand.class.getResourceAsStream("/dev/escarp/cli/docs/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("guide " + name + " is missing from this build");
      }
      context.out().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    return ExitCodes.OK;
  }
}
