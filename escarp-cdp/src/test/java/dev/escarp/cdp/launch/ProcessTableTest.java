package dev.escarp.cdp.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessTableTest {

  @Test
  void cmdline_isSplitOnNul_withoutAnEmptyLastArgument() {
    byte[] raw = "/usr/lib/chromium/chromium\0--user-data-dir=/h/slot 1\0about:blank\0".getBytes(StandardCharsets.UTF_8);

    assertEquals(List.of("/usr/lib/chromium/chromium", "--user-data-dir=/h/slot 1", "about:blank"), ProcessTable.parseCmdline(raw));
    assertEquals(List.of(), ProcessTable.parseCmdline(new byte[0]));
  }

  @Test
  void psOutput_givesPidAndCommandLine() {
    List<ProcessTable.Entry> entries =
        ProcessTable.parsePs(List.of("  123 /Applications/Chrome --user-data-dir=/h/slot-1 --foo", "garbage", "  7 launchd"));

    assertEquals(2, entries.size());
    assertEquals(123, entries.get(0).pid());
    assertEquals("/Applications/Chrome --user-data-dir=/h/slot-1 --foo", entries.get(0).command());
  }

  @Test
  void exactArgs_matchWholeArgumentsOnly_soSlot1IsNotSlot10() {
    ProcessTable.Entry entry = ProcessTable.Entry.exact(1, List.of("chrome", "--user-data-dir=/h/slot-10"));

    assertTrue(entry.hasArg("--user-data-dir=/h/slot-10"));
    assertFalse(entry.hasArg("--user-data-dir=/h/slot-1"));
  }

  @Test
  void psCommandLine_matchesArgumentsBetweenSpaces_soSlot1IsNotSlot10() {
    ProcessTable.Entry entry = ProcessTable.Entry.commandLine(1, "chrome --user-data-dir=/h/slot-10 --x");

    assertTrue(entry.hasArg("--user-data-dir=/h/slot-10"));
    assertFalse(entry.hasArg("--user-data-dir=/h/slot-1"));
    assertTrue(ProcessTable.Entry.commandLine(2, "chrome --user-data-dir=/h/slot-1").hasArg("--user-data-dir=/h/slot-1"));
  }

  @Test
  void flagValue_readsPathsWithSpaces_fromPsToo() {
    ProcessTable.Entry ps = ProcessTable.Entry.commandLine(1, "Chrome --user-data-dir=/Users/a b/slot-0 --remote-debugging-port=9222");

    assertEquals(Optional.of("/Users/a b/slot-0"), ps.flagValue("--user-data-dir="));
    assertEquals(Optional.of("9222"), ps.flagValue("--remote-debugging-port="));
    assertEquals(Optional.empty(), ps.flagValue("--type="));
  }

  @Test
  void chromiumHelpers_areRecognisedByTheirTypeFlag() {
    assertTrue(ProcessTable.Entry.exact(1, List.of("chromium", "--type=renderer")).isChromiumHelper());
    assertFalse(ProcessTable.Entry.exact(1, List.of("chromium", "--user-data-dir=/x")).isChromiumHelper());
  }

  @Test
  void liveTable_containsThisJvm_andKnowsItIsAlive() {
    ProcessTable table = new ProcessTable(Host.current().os());
    long self = ProcessHandle.current().pid();

    assertTrue(table.list().stream().anyMatch(e -> e.pid() == self));
    assertTrue(table.isAlive(self));
    assertFalse(table.isAlive(Long.MAX_VALUE / 2));
  }
}
