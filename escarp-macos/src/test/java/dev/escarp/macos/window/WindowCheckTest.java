package dev.escarp.macos.window;

import static dev.escarp.macos.testing.FakeWindowSystem.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.macos.testing.FakeWindowSystem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowCheckTest {

  private static final Bounds FRAME = new Bounds(88, 88, 1024, 560);
  private static final SlotWindowIdentity ID = new SlotWindowIdentity(2, 301, 4242, FRAME, 7, "PAGE-1", 0);

  private static WindowReport report(FakeWindowSystem windows, boolean verifyKey) {
    WindowCheckResult result = new WindowCheck(windows, 4).check(ID, verifyKey);
    return assertInstanceOf(WindowCheckResult.Checked.class, result).report();
  }

  @Test
  void check_aWindowStillInPlace_isVerified() {
    WindowReport report = report(new FakeWindowSystem().lists(List.of(window(301, 4242, FRAME))), false);

    assertTrue(report.verified());
    assertEquals(Optional.of(0), report.drift());
    assertEquals(Optional.empty(), report.isKey(), "key state is only read when asked for");
    assertEquals(List.of(), report.notes());
  }

  @Test
  void check_aWindowThatIsGone_isNotAliveAndSaysToRecalibrate() {
    WindowReport report = report(new FakeWindowSystem().lists(List.of(window(999, 4242, FRAME))), true);

    assertFalse(report.alive());
    assertFalse(report.verified());
    assertTrue(report.notes().get(0).contains("calibrate again"), report.notes().toString());
  }

  @Test
  void check_aWindowIdNowOwnedByAnotherProcess_isNotVerified() {
    WindowReport report = report(new FakeWindowSystem().lists(List.of(window(301, 5555, FRAME))), false);

    assertTrue(report.alive());
    assertFalse(report.ownerMatches());
    assertFalse(report.verified());
  }

  @Test
  void check_aWindowMovedBeyondTheTolerance_reportsTheDrift() {
    Bounds moved = new Bounds(88, 300, 1024, 560);

    WindowReport report = report(new FakeWindowSystem().lists(List.of(window(301, 4242, moved))), false);

    assertEquals(Optional.of(212), report.drift());
    assertFalse(report.withinTolerance());
    assertFalse(report.verified());
    assertEquals(Optional.of(moved), report.currentBounds());
  }

  @Test
  void check_withVerifyKey_whenTheSlotWindowIsFrontmost_isKey() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .lists(List.of(new WindowInfo(50, 4242, "Chrome", new Bounds(0, 0, 30, 30), 8, true), window(301, 4242, FRAME),
            window(302, 4242, new Bounds(0, 25, 800, 600))))
        .front(4242, "com.google.chrome.for.testing");

    WindowReport report = report(windows, true);

    assertEquals(Optional.of(true), report.isKey());
    assertTrue(report.verified());
  }

  @Test
  void check_withVerifyKey_whenAnotherAppIsFrontmost_isNotKeyAndNamesIt() {
    FakeWindowSystem windows =
        new FakeWindowSystem().lists(List.of(window(301, 4242, FRAME))).front(77, "com.apple.Terminal");

    WindowReport report = report(windows, true);

    assertEquals(Optional.of(false), report.isKey());
    assertFalse(report.verified());
    assertTrue(report.notes().contains("not the key window: the frontmost app is pid 77 (com.apple.Terminal)"),
        report.notes().toString());
  }

  @Test
  void check_withVerifyKey_whenAnotherWindowOfTheBrowserIsInFront_isNotKey() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .lists(List.of(window(302, 4242, new Bounds(0, 25, 800, 600)), window(301, 4242, FRAME)))
        .front(4242, null);

    WindowReport report = report(windows, true);

    assertEquals(Optional.of(false), report.isKey());
    assertTrue(report.notes().contains("not the key window: the browser's key window is 302"), report.notes().toString());
  }

  @Test
  void check_withVerifyKey_whenTheFrontmostAppCannotBeRead_leavesKeyUnknownAndSaysWhy() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .lists(List.of(window(301, 4242, FRAME)))
        .frontResult(NativeResult.failed("osascript exited with 1: not authorized"));

    WindowReport report = report(windows, true);

    assertEquals(Optional.empty(), report.isKey());
    assertTrue(report.notes().get(0).contains("not authorized"), report.notes().toString());
  }

  @Test
  void check_whenTheListCannotBeRead_failsOrIsUnavailable() {
    WindowCheckResult failed = new WindowCheck(new FakeWindowSystem().listResult(NativeResult.failed("boom")), 4).check(ID, false);
    WindowCheckResult unavailable = new WindowCheck(UnavailableWindowSystem.forOs("Linux"), 4).check(ID, false);

    assertEquals(new WindowCheckResult.Failed(2, "could not list windows: boom"), failed);
    assertInstanceOf(WindowCheckResult.Unavailable.class, unavailable);
  }
}
