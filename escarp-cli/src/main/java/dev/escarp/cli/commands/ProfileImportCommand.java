package dev.escarp.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escarp profile import NAME FILE}: a Playwright storageState file becomes a profile. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Create or replace a profile from a Playwright storageState JSON file.")
public final class ProfileImportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "NAME", description = "Letters, digits, '.', '_' or '-'.")
  private String name;

  @Parameters(index = "1", paramLabel = "FILE", description = "storageState JSON (cookies, origins).")
  private Path file;

  @Option(names = "--max-age", paramLabel = "S", description = "Refuse the profile S seconds after it was saved.")
  private Double maxAgeSeconds;

  private final CliContext context;

  public ProfileImportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JsonNode state;
    try {
      state = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read " + file + " as JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (!state.isObject()) {
      throw new CliException(ExitCodes.USAGE, file + " is not a storageState (a JSON object)");
    }
    if (maxAgeSeconds != null) {
      ((ObjectNode) state).put("max_age_s", maxAgeSeconds);
    }
    JsonNode saved = CliContext.orExit(context.broker().putProfile(name, state));
    context.out().printf("profile %s: %d cookie(s), origins %s%n", name, saved.path("cookies").asInt(),
        saved.path("origins"));
    return ExitCodes.OK;
  }
}
