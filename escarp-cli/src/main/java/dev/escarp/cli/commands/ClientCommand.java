package dev.escarp.cli.commands;

import dev.escarp.cli.CliContext;
import dev.escarp.cli.ExitCodes;
import dev.escarp.core.clients.ClientAccount;
import dev.escarp.core.clients.ClientsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code escarp client}: API clients of a shared daemon, each with its own bearer token and
 * quotas, kept in {@code $ESCARP_HOME/clients.json} (0600). The daemon re-reads the file within
 * two seconds of a change.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = {"API clients of a shared daemon: each gets a bearer token and optional quotas",
        "(most leases at once, most acquires waiting). Kept in $ESCARP_HOME/clients.json; the",
        "daemon picks up changes within 2 s. Once a client exists, every request needs a token."},
    synopsisSubcommandLabel = "(add | list | rm)",
    subcommands = {ClientCommand.Add.class, ClientCommand.ListClients.class, ClientCommand.Remove.class})
public final class ClientCommand implements Runnable {

  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "client needs a subcommand: add, list or rm");
  }

  private static ClientsFile read(Path file) throws IOException {
    return ClientsFile.read(file).orElse(ClientsFile.empty());
  }

  private static String limit(OptionalInt value) {
    return value.isPresent() ? Integer.toString(value.getAsInt()) : "-";
  }

  /** {@code escarp client add NAME [--max-leases N] [--max-waiting N]}: prints the new token once. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a client (or give an existing one a new token and quotas); prints its token once.")
  public static final class Add implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    @Option(names = "--max-leases", paramLabel = "N", description = "Most leases it may hold at once.")
    private Integer maxLeases;

    @Option(names = "--max-waiting", paramLabel = "N", description = "Most of its acquires that may wait at once.")
    private Integer maxWaiting;

    private final CliContext context;

    public Add(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      Path file = context.home().clientsFile();
      String token = ClientsFile.newToken();
      ClientAccount account;
      try {
        account = new ClientAccount(name, ClientAccount.sha256(token),
            maxLeases == null ? OptionalInt.empty() : OptionalInt.of(maxLeases),
            maxWaiting == null ? OptionalInt.empty() : OptionalInt.of(maxWaiting));
      } catch (IllegalArgumentException e) {
        context.err().println("escarp client add: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      ClientsFile before = read(file);
      before.with(account).write(file);
      if (before.clients().isEmpty()) {
        context.out().println("note: from now on every request to the daemon needs a bearer token: a client's, or "
            + "the daemon's own ESCARP_API_TOKEN (the operator's; set it where the daemon starts)");
      }
      context.out().println("client " + name + " (max leases " + limit(account.maxLeases()) + ", max waiting "
          + limit(account.maxWaiting()) + ")");
      context.out().println("token (shown once; the client sends it as ESCARP_API_TOKEN): " + token);
      return ExitCodes.OK;
    }
  }

  /** {@code escarp client list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the clients and their quotas.")
  public static final class ListClients implements Callable<Integer> {

    private final CliContext context;

    public ListClients(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      ClientsFile clients = read(context.home().clientsFile());
      if (clients.clients().isEmpty()) {
        context.out().println("no clients: the daemon serves anyone on loopback (and ESCARP_API_TOKEN, when set)");
        return ExitCodes.OK;
      }
      context.out().printf("%-24s %-10s %-11s%n", "CLIENT", "MAX_LEASES", "MAX_WAITING");
      for (ClientAccount c : clients.clients()) {
        context.out().printf("%-24s %-10s %-11s%n", c.name(), limit(c.maxLeases()), limit(c.maxWaiting()));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code escarp client rm NAME}. */
  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove a client: its token stops working; its leases run out.")
  public static final class Remove implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    private String name;

    private final CliContext context;

    public Remove(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws IOException {
      Path file = context.home().clientsFile();
      ClientsFile clients = read(file);
      if (clients.named(name).isEmpty()) {
        context.err().println("escarp client rm: no client named '" + name + "'");
        return ExitCodes.FAILURE;
      }
      clients.without(name).write(file);
      context.out().println("client " + name + " removed");
      return ExitCodes.OK;
    }
  }
}
