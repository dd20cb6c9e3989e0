package dev.escarp.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code escarp profile}: auth profiles, logins a lease can start with (tier delegated). */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {"Auth profiles: named logins (cookies and per-origin localStorage, Playwright's",
        "storageState format), stored encrypted by the daemon. `escarp acquire --profile NAME`",
        "starts a lease logged in; one lease holds a profile at a time."},
    synopsisSubcommandLabel = "(list | import | export | rm | login)",
    subcommands = {ProfileListCommand.class, ProfileImportCommand.class, ProfileExportCommand.class,
        ProfileRmCommand.class, ProfileLoginCommand.class})
public final class ProfileCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "profile needs a subcommand: list, import, export, rm or login");
  }
}
