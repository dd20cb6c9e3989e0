package dev.escarp.cli.commands;

import dev.escarp.cdp.launch.Host;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code escarp console}: prints the daemon's console URL and, where a desktop exists (macOS, or
 * {@code DISPLAY}/{@code WAYLAND_DISPLAY} set), opens it in the default browser.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = "Print the daemon's web console URL (live pool, live views, take control); open it where a desktop exists.")
public final class ConsoleCommand implements Callable<Integer> {

  @Option(names = "--no-open", description = "Only print the URL, even on a desktop.")
  private boolean noOpen;

  private final CliContext context;

  public ConsoleCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    CliContext.orExit(context.broker().status()); // exits 4, saying what to do, when no daemon answers
    URI base = context.locator().locate().uri();
    String url = base.toString().replaceAll("/+$", "") + "/";
    context.out().println(url);
    context.out().flush();
    if (!noOpen) {
      opener(context.host()).ifPresent(command -> open(command, url));
    }
    return ExitCodes.OK;
  }

  /** The desktop's URL opener, or none on a machine without a desktop. */
  static Optional<String> opener(Host host) {
    if (host.os() == Host.Os.MAC) {
      return Optional.of("open");
    }
    boolean desktop = host.variable("DISPLAY").filter(v -> !v.isBlank()).isPresent()
        || host.variable("WAYLAND_DISPLAY").filter(v -> !v.isBlank()).isPresent();
    return desktop ? Optional.of("xdg-open") : Optional.empty();
  }

  private void open(String command, String url) {
    try {
      new ProcessBuilder(List.of(command, url)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      context.err().println("note: could not run " + command + " (" + e.getMessage() + "); open " + url + " yourself");
    }
  }
}
