package dev.escarp.macos.window;

import static dev.escarp.macos.testing.FakeWindowSystem.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WindowMatcherTest {

  private static final Bounds SOUGHT = new Bounds(64, 64, 1024, 560);
  private final WindowMatcher matcher = new WindowMatcher(4);

  @Test
  void match_exactFrame_isMatchedWithNoDrift() {
    List<WindowInfo> list = List.of(window(1, 100, new Bounds(0, 0, 500, 500)), window(2, 100, SOUGHT));

    MatchResult.Matched m = assertInstanceOf(MatchResult.Matched.class, matcher.match(list, SOUGHT, OptionalLong.empty()));

    assertEquals(2, m.window().windowId());
    assertEquals(0, m.drift());
  }

  @Test
  void match_frameOffWithinTolerance_isMatchedWithItsDrift() {
    List<WindowInfo> list = List.of(window(3, 100, new Bounds(64, 67, 1024, 557)));

    MatchResult.Matched m = assertInstanceOf(MatchResult.Matched.class, matcher.match(list, SOUGHT, OptionalLong.of(100)));

    assertEquals(3, m.drift());
  }

  @Test
  void match_exactFrameBeatsOneWithinTolerance() {
    List<WindowInfo> list = List.of(window(4, 100, new Bounds(65, 64, 1024, 560)), window(5, 100, SOUGHT));

    assertEquals(5, ((MatchResult.Matched) matcher.match(list, SOUGHT, OptionalLong.empty())).window().windowId());
  }

  @Test
  void match_twoWindowsWithTheSameFrame_isAmbiguous() {
    List<WindowInfo> list = List.of(window(6, 100, SOUGHT), window(7, 200, SOUGHT));

    MatchResult.Ambiguous a = assertInstanceOf(MatchResult.Ambiguous.class, matcher.match(list, SOUGHT, OptionalLong.empty()));

    assertEquals(List.of(6L, 7L), a.candidates().stream().map(WindowInfo::windowId).toList());
  }

  @Test
  void match_theOwnerPid_settlesWhatTheFrameAloneCannot() {
    List<WindowInfo> list = List.of(window(6, 100, SOUGHT), window(7, 200, SOUGHT));

    assertEquals(7, ((MatchResult.Matched) matcher.match(list, SOUGHT, OptionalLong.of(200))).window().windowId());
  }

  @Test
  void match_nothingWithinTolerance_namesTheClosestWindow() {
    List<WindowInfo> list = List.of(window(8, 100, new Bounds(64, 74, 1024, 560)), window(9, 100, new Bounds(0, 0, 10, 10)));

    MatchResult.NoMatch none = assertInstanceOf(MatchResult.NoMatch.class, matcher.match(list, SOUGHT, OptionalLong.empty()));

    assertTrue(none.reason().contains("the closest is window 8 at [64, 74, 1024, 560] (10 pt off)"), none.reason());
  }

  @Test
  void match_ignoresOverlaysAndOtherOwners() {
    List<WindowInfo> list = List.of(
        new WindowInfo(10, 100, "Chrome", SOUGHT, 25, true), // a status-bar or overlay layer
        window(11, 300, SOUGHT));

    MatchResult.NoMatch none = assertInstanceOf(MatchResult.NoMatch.class, matcher.match(list, SOUGHT, OptionalLong.of(100)));

    assertTrue(none.reason().contains("no ordinary window owned by pid 100"), none.reason());
  }

  @Test
  void match_anEmptyList_isNoMatch() {
    assertInstanceOf(MatchResult.NoMatch.class, matcher.match(List.of(), SOUGHT, OptionalLong.empty()));
  }
}
