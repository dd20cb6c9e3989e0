package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.core.files.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code escarp profile export NAME [FILE]}: the decrypted storageState, to a 0600 file or stdout. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a profile as Playwright storageState JSON: to FILE (created 0600), or to stdout.",
        "It holds live credentials: keep it private."})
public final class ProfileExportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME")
  private String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE")
  private Path file;

  private final CliContext context;

  public ProfileExportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var state = CliContext.orExit(context.broker().profileState(name));
    if (file == null) {
      context.out().println(state.toPrettyString());
      return ExitCodes.OK;
    }
    try {
      AtomicFiles.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILURE, "cannot write " + file + ": " + e.getMessage());
    }
    context.out().println("profile " + name + " written to " + file);
    return ExitCodes.OK;
  }
}
