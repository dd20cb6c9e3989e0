package dev.escarp.macos.window;

import java.util.List;
import java.util.Objects;

/** Which OS window a set of bounds (and owner) points at: exactly one, several, or none. */
public sealed interface MatchResult permits MatchResult.Matched, MatchResult.Ambiguous, MatchResult.NoMatch {

  /**
   * @param drift how far its frame is from the one sought, in points (0 for an exact match)
   */
  record Matched(WindowInfo window, int drift) implements MatchResult {
    public Matched {
      Objects.requireNonNull(window, "window");
    }
  }

  /** More than one window fits equally well: recording either would be a guess. */
  record Ambiguous(List<WindowInfo> candidates) implements MatchResult {
    public Ambiguous {
      candidates = List.copyOf(candidates);
    }
  }

  /** @param reason what was sought and what the closest window was, for people */
  record NoMatch(String reason) implements MatchResult {
    public NoMatch {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
