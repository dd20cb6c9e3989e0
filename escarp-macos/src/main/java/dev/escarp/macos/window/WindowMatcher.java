package dev.escarp.macos.window;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Finds the OS window with given bounds in a window list. Only ordinary windows (layer 0) count,
 * and only the owner's when the owner is known. Exact matches win; otherwise a window within the
 * tolerance does (the window server and Chrome may round a frame differently by a point or two,
 * and macOS nudges a window off the menu bar). Two windows that fit equally well are ambiguous:
 * escarp never records a guess.
 */
public final class WindowMatcher {

  /** Points a frame may be off by and still count as the same window. */
  public static final int DEFAULT_TOLERANCE = 4;

  private final int tolerance;

  public WindowMatcher(int tolerance) {
    if (tolerance < 0) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }
    this.tolerance = tolerance;
  }

  public int tolerance() {
    return tolerance;
  }

  public MatchResult match(List<WindowInfo> windows, Bounds sought, OptionalLong ownerPid) {
    Objects.requireNonNull(sought, "sought");
    List<WindowInfo> eligible = windows.stream()
        .filter(WindowInfo::isAppWindow)
        .filter(w -> ownerPid.isEmpty() || w.ownerPid() == ownerPid.getAsLong())
        .toList();
    if (eligible.isEmpty()) {
      return new MatchResult.NoMatch(
          "no ordinary window" + (ownerPid.isPresent() ? " owned by pid " + ownerPid.getAsLong() : "")
              + " among " + windows.size() + " listed");
    }
    int best = eligible.stream().mapToInt(w -> w.bounds().drift(sought)).min().getAsInt();
    if (best > tolerance) {
      WindowInfo closest = eligible.stream().min(Comparator.comparingInt(w -> w.bounds().drift(sought))).get();
      return new MatchResult.NoMatch(
          "no window within " + tolerance + " pt of " + sought + "; the closest is window " + closest.windowId()
              + " at " + closest.bounds() + " (" + best + " pt off)");
    }
    List<WindowInfo> fits = eligible.stream().filter(w -> w.bounds().drift(sought) == best).toList();
    return fits.size() == 1 ? new MatchResult.Matched(fits.get(0), best) : new MatchResult.Ambiguous(fits);
  }
}
