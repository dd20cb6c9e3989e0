package dev.escarp.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cli.testing.CliHarness;
import dev.escarp.core.clients.ClientAccount;
import dev.escarp.core.clients.ClientsFile;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code escarp client add | list | rm} keep clients.json: a hash per token, the token shown once. */
class ClientCommandTest {

  @TempDir Path home;

  @Test
  void add_printsTheTokenOnce_andStoresOnlyItsHash_withTheQuotas_thenListAndRemove() throws Exception {
    try (CliHarness cli = new CliHarness(home, 1)) {
      CliHarness.Result added = cli.run("client", "add", "ci", "--max-leases", "4", "--max-waiting", "8");
      assertEquals(0, added.exitCode(), added.toString());
      Matcher token = Pattern.compile("token \\(shown once[^)]*\\): (\\S+)").matcher(added.out());
      assertTrue(token.find(), added.out());

      ClientAccount stored = ClientsFile.read(cli.home().clientsFile()).orElseThrow().named("ci").orElseThrow();
      assertTrue(stored.matches(token.group(1)));
      assertEquals(OptionalInt.of(4), stored.maxLeases());
      assertEquals(OptionalInt.of(8), stored.maxWaiting());

      CliHarness.Result listed = cli.run("client", "list");
      assertTrue(listed.out().contains("ci") && listed.out().contains("4") && listed.out().contains("8"), listed.out());
      assertFalse(listed.out().contains(token.group(1)), "the token is never shown again");

      assertEquals(0, cli.run("client", "rm", "ci").exitCode());
      assertTrue(ClientsFile.read(cli.home().clientsFile()).orElseThrow().clients().isEmpty());
      assertEquals(1, cli.run("client", "rm", "ci").exitCode(), "removing twice says there is none");
      assertEquals(2, cli.run("client", "add", "bad name").exitCode(), "a bad name is a usage error");
    }
  }
}
