package dev.escarp.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.testing.CliHarness;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.core.slot.RemoteBrowser;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code escarp pool add --remote URL}: a browser escarp did not launch, saved in pool.json's remote list. */
class PoolAddRemoteCommandTest {

  @TempDir Path home;

  @Test
  void withoutADaemonTheRemoteIsSavedForTheNextStartWithItsNameAndHeaders() {
    try (CliHarness cli = new CliHarness(home, 1)) {
      CliHarness.Result added = cli.run("pool", "add", "--remote", "http://10.0.0.5:9222", "--name", "lab",
          "--header", "Authorization: Bearer t0ken");
      assertEquals(ExitCodes.OK, added.exitCode(), added.toString());
      assertTrue(added.out().contains("no daemon running: remote lab saved"), added.out());
      assertTrue(!added.out().contains("t0ken"), "a token is never printed");

      List<RemoteBrowser> remotes = new PoolConfigStore(cli.home()).loadFile().config().remotes();
      assertEquals(List.of(new RemoteBrowser("lab", URI.create("http://10.0.0.5:9222"),
          Map.of("Authorization", "Bearer t0ken"))), remotes);

      CliHarness.Result again = cli.run("pool", "add", "--remote", "http://10.0.0.6:9222", "--name", "lab");
      assertEquals(ExitCodes.USAGE, again.exitCode(), again.toString());
      assertTrue(again.err().contains("already has a remote named lab"), again.err());
    }
  }

  @Test
  void aTlsUrlIsAUsageErrorSayingTlsIsNotSupportedYet() {
    try (CliHarness cli = new CliHarness(home, 1)) {
      CliHarness.Result refused = cli.run("pool", "add", "--remote", "wss://browsers.example/devtools");
      assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.toString());
      assertTrue(refused.err().contains("TLS"), refused.err());
    }
  }
}
