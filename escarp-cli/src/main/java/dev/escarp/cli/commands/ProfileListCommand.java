package dev.escarp.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code escarp profile list}: names, origins, cookie counts, expiry; never a value. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the auth profiles (no cookie values).")
public final class ProfileListCommand implements Callable<Integer> {

  @Option(names = "--json", description = "The daemon's JSON, as GET /profiles answers it.")
  private boolean json;

  private final CliContext context;

  public ProfileListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    JsonNode all = CliContext.orExit(context.broker().profiles());
    if (json) {
      context.out().println(all.toPrettyString());
      return ExitCodes.OK;
    }
    if (all.path("profiles").isEmpty()) {
      context.out().println("no auth profiles; add one with `escarp profile import NAME FILE` or `escarp profile login`");
      return ExitCodes.OK;
    }
    context.out().printf("%-24s %-8s %-7s %-22s %s%n", "name", "cookies", "in use", "expires", "origins");
    for (JsonNode p : all.path("profiles")) {
      String expires = p.path("expires_at").isNumber()
          ? Instant.ofEpochMilli(Math.round(p.path("expires_at").asDouble() * 1000)).toString() : "never";
      StringBuilder origins = new StringBuilder();
      p.path("origins").forEach(o -> origins.append(origins.length() == 0 ? "" : " ").append(o.asText()));
      context.out().printf("%-24s %-8d %-7s %-22s %s%n", p.path("name").asText(), p.path("cookies").asInt(),
          p.path("in_use").asBoolean() ? "yes" : "no", expires,
          p.has("problem") ? "(" + p.path("problem").asText() + ")" : origins);
    }
    return ExitCodes.OK;
  }
}
