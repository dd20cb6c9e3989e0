package dev.escarp.macos.window.mac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.macos.command.CommandResult;
import dev.escarp.macos.testing.FakeCommandRunner;
import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.FrontApp;
import dev.escarp.macos.window.NativeResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The AppleScript half of the macOS window system, with the native window list faked: this class
 * never touches CoreGraphics, so it runs anywhere. What osascript makes of these scripts is only
 * known on a Mac.
 */
class MacWindowSystemTest {

  private static final NativeWindows NO_WINDOWS = () -> NativeResult.ok(List.of());

  @Test
  void frontmostApp_asksSystemEventsForThePidAndBundleIdOfTheFrontProcess() {
    FakeCommandRunner runner = new FakeCommandRunner()
        .on("osascript", c -> CommandResult.ok(c, "4242, dev.escarp.chrome.slot1"));

    NativeResult<FrontApp> front = new MacWindowSystem(NO_WINDOWS, runner).frontmostApp();

    assertEquals(NativeResult.ok(new FrontApp(4242, Optional.of("dev.escarp.chrome.slot1"))), front);
    assertEquals(List.of(List.of("osascript", "-e",
        "tell application \"System Events\" to get {unix id, bundle identifier} of first process whose frontmost is true")),
        runner.commands());
  }

  @Test
  void parseFrontApp_readsMissingValueAsNoBundleId_andRefusesNonsense() {
    assertEquals(NativeResult.ok(new FrontApp(12, Optional.empty())), MacWindowSystem.parseFrontApp("12, missing value"));
    assertInstanceOf(NativeResult.Failed.class, MacWindowSystem.parseFrontApp("execution error"));
  }

  @Test
  void activate_setsTheProcessFrontmostByUnixId() {
    FakeCommandRunner runner = new FakeCommandRunner();

    NativeResult<String> result = new MacWindowSystem(NO_WINDOWS, runner).activate(4242);

    assertTrue(result.isOk());
    assertEquals(List.of("osascript", "-e",
        "tell application \"System Events\" to set frontmost of (first process whose unix id is 4242) to true"),
        runner.commands().get(0));
  }

  @Test
  void activateBundle_neverLaunchesAStoppedApp_andRefusesScriptInjection() {
    FakeCommandRunner runner = new FakeCommandRunner();
    MacWindowSystem system = new MacWindowSystem(NO_WINDOWS, runner);

    system.activateBundle("dev.escarp.chrome.slot0");

    String script = String.join("\n", runner.commands().get(0).subList(1, runner.commands().get(0).size()));
    assertTrue(script.startsWith("-e\nif application id \"dev.escarp.chrome.slot0\" is running then"), script);
    assertThrows(IllegalArgumentException.class, () -> system.activateBundle("x\" to quit --"));
  }

  @Test
  void raise_findsTheWindowByItsFrameAndPerformsAXRaise_reportingSystemEventsRefusal() {
    FakeCommandRunner runner = new FakeCommandRunner().on("osascript",
        c -> new CommandResult(c, 1, "", "execution error: osascript is not allowed assistive access. (-25211)"));

    NativeResult<String> result = new MacWindowSystem(NO_WINDOWS, runner).raise(4242, new Bounds(88, 88, 1024, 560));

    List<String> command = runner.commands().get(0);
    assertTrue(command.contains("set p to first process whose unix id is 4242"), command.toString());
    assertTrue(command.contains("perform action \"AXRaise\" of w"), command.toString());
    assertTrue(command.stream().anyMatch(l -> l.contains("(px - 88) ^ 2 is less than or equal to 16")), command.toString());
    assertEquals(NativeResult.failed("osascript exited with 1: execution error: osascript is not allowed assistive access. (-25211)"),
        result);
  }

  @Test
  void listWindows_turnsANativeCrashIntoAFailure() {
    NativeWindows crashing = () -> {
      throw new UnsatisfiedLinkError("CGWindowListCopyWindowInfo");
    };

    NativeResult<?> result = new MacWindowSystem(crashing, new FakeCommandRunner()).listWindows();

    assertTrue(assertInstanceOf(NativeResult.Failed.class, result).reason().contains("UnsatisfiedLinkError"));
  }
}
