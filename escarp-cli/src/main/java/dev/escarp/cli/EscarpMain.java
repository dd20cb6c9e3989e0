package dev.escarp.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The {@code escarp} command's entry point. {@link #run} is the whole program with its
 * environment and streams passed in, so tests run commands in-process.
 */
public final class EscarpMain {

  private EscarpMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("mcp")) {
      // Agents spawn the shim for every session: skip building picocli's model (about 100 ms);
      // McpMain parses its own few flags. The real stdout carries JSON-RPC only.
      System.exit(dev.escarp.mcp.McpMain.run(Arrays.asList(args).subList(1, args.length), System.getenv(),
          System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err));
    }
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), out, err, JavaLauncher.current());
    out.flush();
    err.flush();
    System.exit(code);
  }

  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
      JavaLauncher java) {
    CliContext context = new CliContext(env, out, err, java);
    CommandLine cli = commandLine(context, args);
    return cli.execute(args);
  }

  static CommandLine commandLine(CliContext context, String[] args) {
    ContextFactory factory = new ContextFactory(context);
    CommandLine cli = new CommandLine(new EscarpCommand(), factory);
    Optional<String> chosen = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst()
        .filter(EscarpCommand.SUBCOMMANDS::containsKey)
        .filter(name -> !name.equals("generate-completion")); // completion needs them all
    EscarpCommand.SUBCOMMANDS.forEach((name, type) -> {
      if (chosen.isEmpty() || chosen.get().equals(name)) {
        cli.addSubcommand(name, new CommandLine(type, factory));
      }
    });
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(EscarpMain::badUsage);
    cli.setExecutionExceptionHandler(EscarpMain::failed);
    return cli;
  }

  /** A bad command line: one line saying what, one saying where help is. */
  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("escarp: " + e.getMessage());
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    return ExitCodes.USAGE;
  }

  /** Expected failures are one line; anything else too, unless --debug asks for the trace. */
  private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof CliException cli) {
      err.println("escarp: " + cli.getMessage());
      return cli.exitCode();
    }
    boolean debug = ((EscarpCommand) cmd.getCommandSpec().root().userObject()).debug();
    if (debug) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    } else {
      err.println("escarp: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + " (run with --debug for details)");
    }
    return ExitCodes.FAILURE;
  }

  /** Builds commands whose constructor takes the {@link CliContext}. */
  private record ContextFactory(CliContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }
}
