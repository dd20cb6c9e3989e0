package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.mcp.McpMain;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code escarp mcp}: the stdio MCP server for coding agents (bin/escarp-mcp runs this). */
@Command(name = "mcp",
    description = {"Serve MCP over stdio: escarp_status, escarp_acquire, escarp_release.",
        "Through the daemon when one answers, else on its own (--mode auto|daemon|embedded,",
        "or ESCARP_MCP_MODE). stdout carries JSON-RPC only. `escarp docs mcp` says more."})
public final class McpCommand implements Callable<Integer> {

  @Unmatched
  private List<String> args = new java.util.ArrayList<>();

  private final CliContext context;

  public McpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().flush();
    // The real stdout, unbuffered by escarp: the shim owns it for JSON-RPC.
    return McpMain.run(args == null ? List.of() : args, context.env(), System.in,
        new FileOutputStream(FileDescriptor.out), System.err);
  }
}
