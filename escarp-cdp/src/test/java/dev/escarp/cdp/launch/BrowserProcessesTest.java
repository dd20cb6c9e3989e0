package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class BrowserProcessesTest {

  @TempDir Path dir;

  private final FakeBrowsers fakes = new FakeBrowsers();

  @AfterEach
  void killFakes() {
    fakes.close();
  }

  private EscarpHome home() {
    return new EscarpHome(dir.resolve("home"));
  }

  private BrowserProcesses processes() {
    return new BrowserProcesses(home(), Host.current());
  }

  @Test
  void scan_listsEscarpsBrowsersByTierAndSlot_andNothingElse() throws Exception {
    Process slot0 = fakes.browser(home().profilesDir("autonomous").resolve("slot-0"), 9400);
    Process slot3 = fakes.browser(home().profilesDir("supervised").resolve("slot-3"), 9403);
    fakes.browser(dir.resolve("someone-elses-profile"), 9500);
    fakes.browser(home().profilesDir("autonomous").resolve("not-a-slot"), 9501);
    fakes.browser(home().profilesDir("autonomous").resolve("slot-0"), 9400, "--type=renderer");

    List<EscarpBrowser> found = processes().scan();

    assertEquals(
        List.of(
            new EscarpBrowser(slot0.pid(), "autonomous", 0, home().profilesDir("autonomous").resolve("slot-0"), OptionalInt.of(9400)),
            new EscarpBrowser(slot3.pid(), "supervised", 3, home().profilesDir("supervised").resolve("slot-3"), OptionalInt.of(9403))),
        found);
  }

  @Test
  void processesOf_matchesTheExactProfileDirOnly_andIncludesDescendants() throws Exception {
    Path slot1 = home().profilesDir("autonomous").resolve("slot-1");
    Process one = fakes.browser(slot1, 9401);
    Process ten = fakes.browser(home().profilesDir("autonomous").resolve("slot-10"), 9410);

    List<Long> pids = processes().processesOf(slot1);

    assertEquals(one.pid(), pids.get(0), "the matched process comes first");
    assertTrue(pids.containsAll(one.descendants().map(ProcessHandle::pid).toList()), "its sleep child is included");
    assertFalse(pids.contains(ten.pid()), "slot-10 is not slot-1");
  }

  @Test
  void processesOf_profileNobodyUses_isEmpty() {
    assertTrue(processes().processesOf(home().profilesDir("autonomous").resolve("slot-7")).isEmpty());
  }
}
