package dev.escarp.macos.window;

import static dev.escarp.macos.testing.FakeWindowSystem.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.macos.testing.FakeSlotWindows;
import dev.escarp.macos.testing.FakeWindowSystem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FocuserTest {

  private static final Bounds FRAME = new Bounds(88, 88, 1024, 560);
  private static final Bounds OTHER = new Bounds(0, 25, 800, 600);
  private static final SlotWindowIdentity ID = new SlotWindowIdentity(2, 301, 4242, FRAME, 7, "PAGE-1", 0);

  private final AtomicInteger pauses = new AtomicInteger();

  private Focuser focuser(WindowSystem windows) {
    return new Focuser(windows, d -> {
      pauses.incrementAndGet();
      return true;
    }, Duration.ofSeconds(1));
  }

  @Test
  void focusWindow_whenTheWindowBecomesKey_isFocusedAfterRunningEveryStep() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .front(77, "com.apple.Terminal").front(4242, null)
        .lists(List.of(window(302, 4242, OTHER), window(301, 4242, FRAME)))
        .lists(List.of(window(301, 4242, FRAME), window(302, 4242, OTHER)));
    FakeSlotWindows cdp = new FakeSlotWindows();

    FocusResult result = focuser(windows).focusWindow(ID, cdp);

    FocusResult.Focused focused = assertInstanceOf(FocusResult.Focused.class, result);
    assertEquals(List.of("Page.bringToFront", "activate app pid 4242", "raise window 301"),
        focused.steps().stream().map(FocusStep::action).toList());
    assertEquals(List.of("bringToFront PAGE-1"), cdp.calls());
    assertEquals(List.of("activate 4242", "raise 4242 " + FRAME), windows.actions());
  }

  @Test
  void focusWindow_whenAnotherBrowserWindowStaysKeyAfterTheRaise_isNotVerified() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .front(4242, null)
        .lists(List.of(window(302, 4242, OTHER), window(301, 4242, FRAME)));

    FocusResult result = focuser(windows).focusWindow(ID, new FakeSlotWindows());

    FocusResult.NotVerified nv = assertInstanceOf(FocusResult.NotVerified.class, result);
    assertEquals("the browser is in front but its key window is 302, not 301", nv.reason());
    assertTrue(nv.steps().stream().allMatch(FocusStep::ok), "the commands all ran; only verification failed");
    assertEquals(10, windows.listReads(), "it kept checking for the whole verification window");
  }

  @Test
  void focusWindow_whenTheStepsFail_butTheWindowIsKeyAnyway_isFocused() {
    FakeWindowSystem windows = new FakeWindowSystem()
        .actionsAnswer(NativeResult.failed("osascript exited with 1: assistive access not allowed"))
        .front(4242, null)
        .lists(List.of(window(301, 4242, FRAME)));

    FocusResult result = focuser(windows).focusWindow(ID, new FakeSlotWindows().failing("bringToFront"));

    FocusResult.Focused focused = assertInstanceOf(FocusResult.Focused.class, result);
    assertFalse(focused.steps().get(0).ok());
    assertTrue(focused.steps().get(2).detail().contains("assistive access"));
  }

  @Test
  void focusWindow_whenTheWindowIsGone_stopsAtOnce() {
    FakeWindowSystem windows = new FakeWindowSystem().front(4242, null).lists(List.of(window(302, 4242, OTHER)));

    FocusResult result = focuser(windows).focusWindow(ID, new FakeSlotWindows());

    assertEquals("window 301 is gone; calibrate again", ((FocusResult.NotVerified) result).reason());
    assertEquals(0, pauses.get());
  }

  @Test
  void focusWindow_withoutAWindowSystem_isUnavailableAndDoesNothing() {
    FakeSlotWindows cdp = new FakeSlotWindows();

    FocusResult result = focuser(UnavailableWindowSystem.forOs("Linux")).focusWindow(ID, cdp);

    assertInstanceOf(FocusResult.Unavailable.class, result);
    assertEquals(List.of(), cdp.calls());
  }

  @Test
  void focusApp_whenTheSlotsAppComesToTheFront_isFocused() {
    FakeWindowSystem windows = new FakeWindowSystem().front(77, "com.apple.Terminal").front(4242, "dev.escarp.chrome.slot1");

    FocusResult result = focuser(windows).focusApp(1, "dev.escarp.chrome.slot1", new FakeSlotWindows());

    assertInstanceOf(FocusResult.Focused.class, result);
    assertEquals(List.of("activateBundle dev.escarp.chrome.slot1"), windows.actions());
  }

  @Test
  void focusApp_whenAnotherSlotsAppStaysInFront_isNotVerified() {
    FakeWindowSystem windows = new FakeWindowSystem().front(4343, "dev.escarp.chrome.slot0");

    FocusResult result = focuser(windows).focusApp(1, "dev.escarp.chrome.slot1", new FakeSlotWindows());

    assertEquals("the frontmost app is dev.escarp.chrome.slot0, not dev.escarp.chrome.slot1",
        ((FocusResult.NotVerified) result).reason());
  }

  @Test
  void focusApp_whenTheBundleIdCannotBeRead_acceptsTheBrowsersPid() {
    FakeWindowSystem windows = new FakeWindowSystem().front(4242, null);

    FocusResult result = focuser(windows).focusApp(1, "dev.escarp.chrome.slot1", new FakeSlotWindows().pid(4242));

    assertInstanceOf(FocusResult.Focused.class, result);
  }
}
