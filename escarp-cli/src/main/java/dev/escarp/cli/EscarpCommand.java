package dev.escarp.cli;

import dev.escarp.cli.commands.AcquireCommand;
import dev.escarp.cli.commands.ApproveCommand;
import dev.escarp.cli.commands.DaemonCommand;
import dev.escarp.cli.commands.DocsCommand;
import dev.escarp.cli.commands.FocusCommand;
import dev.escarp.cli.commands.LaunchPoolCommand;
import dev.escarp.cli.commands.McpCommand;
import dev.escarp.cli.commands.PoolCommand;
import dev.escarp.cli.commands.ClientCommand;
import dev.escarp.cli.commands.ProfileCommand;
import dev.escarp.cli.commands.RejectCommand;
import dev.escarp.cli.commands.ReleaseCommand;
import dev.escarp.cli.commands.ScaleCommand;
import dev.escarp.cli.commands.SetupCommand;
import dev.escarp.cli.commands.ConsoleCommand;
import dev.escarp.cli.commands.StatusCommand;
import dev.escarp.cli.commands.TrainingCommand;
import dev.escarp.cli.commands.UpCommand;
import dev.escarp.cli.commands.WindowCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code escarp}: the root command; it only lists the others. */
@Command(
    name = "escarp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A pool of persistent Chromium browsers, leased to coding agents and test harnesses.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {"", "Exit codes: 0 ok, 1 failed, 2 bad usage, 3 refused (slots leased; add --force),",
        "4 no daemon answers, 5 pool exhausted or slot taken, 130 Ctrl-C.",
        "State lives in $ESCARP_HOME (default ~/.escarp). `escarp docs` lists more."})
final class EscarpCommand implements Runnable {

  /**
   * Every subcommand, in help order. {@link EscarpMain} registers only the one being run: picocli
   * builds a command's model by reflection, and doing that for all of them costs a short
   * command a large part of its start-up.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("up", UpCommand.class);
    all.put("status", StatusCommand.class);
    all.put("console", ConsoleCommand.class);
    all.put("acquire", AcquireCommand.class);
    all.put("release", ReleaseCommand.class);
    all.put("launch-pool", LaunchPoolCommand.class);
    all.put("daemon", DaemonCommand.class);
    all.put("scale", ScaleCommand.class);
    all.put("pool", PoolCommand.class);
    all.put("profile", ProfileCommand.class);
    all.put("client", ClientCommand.class);
    all.put("approve", ApproveCommand.class);
    all.put("reject", RejectCommand.class);
    all.put("window", WindowCommand.class);
    all.put("focus", FocusCommand.class);
    all.put("mcp", McpCommand.class);
    all.put("setup", SetupCommand.class);
    all.put("docs", DocsCommand.class);
    all.put("generate-completion", AutoComplete.GenerateCompletion.class);
    all.put("internal-training", TrainingCommand.class);
    return Collections.unmodifiableMap(all);
  }

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print stack traces for unexpected errors.")
  private boolean debug;

  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  public boolean debug() {
    return debug;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
