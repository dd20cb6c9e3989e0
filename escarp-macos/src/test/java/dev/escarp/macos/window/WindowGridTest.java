package dev.escarp.macos.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowGridTest {

  @Test
  void boundsFor_givesEverySlotItsOwnFrameFarEnoughFromTheOthers() {
    Set<Bounds> seen = new HashSet<>();
    for (int s = 0; s < 64; s++) {
      Bounds b = WindowGrid.DEFAULT.boundsFor(s);
      assertTrue(seen.add(b), "slot " + s + " repeats " + b);
      for (int t = 0; t < s; t++) {
        int drift = b.drift(WindowGrid.DEFAULT.boundsFor(t));
        assertTrue(drift > 2 * WindowMatcher.DEFAULT_TOLERANCE, "slots " + t + " and " + s + " are " + drift + " pt apart");
      }
    }
  }

  @Test
  void boundsFor_staysOnASmallLaptopScreenBelowTheMenuBar() {
    IntStream.range(0, 64).mapToObj(WindowGrid.DEFAULT::boundsFor).forEach(b -> {
      assertTrue(b.y() >= 38 && b.x() >= 0, b.toString());
      assertTrue(b.x() + b.width() <= 1280 && b.y() + b.height() <= 800, b.toString());
    });
    assertEquals(new Bounds(40, 40, 1024, 560), WindowGrid.DEFAULT.boundsFor(0));
  }
}
