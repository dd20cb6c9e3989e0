package dev.escarp.cdp.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link BinaryLocator} search.
 *
 * @param binary the browser binary, when one was found
 * @param source where it came from, e.g. {@code ESCARP_CHROME} or {@code chromium on PATH}
 * @param searched every place looked at, in order, with what was there
 * @param problem when no binary: why, naming where escarp looked and what to set
 */
public record BinaryLookup(Optional<Path> binary, String source, List<String> searched, String problem) {

  public BinaryLookup {
    Objects.requireNonNull(binary, "binary");
    Objects.requireNonNull(source, "source");
    searched = List.copyOf(searched);
    Objects.requireNonNull(problem, "problem");
  }

  static BinaryLookup found(Path binary, String source, List<String> searched) {
    return new BinaryLookup(Optional.of(binary), source, searched, "");
  }

  static BinaryLookup missing(String problem, List<String> searched) {
    return new BinaryLookup(Optional.empty(), "", searched, problem);
  }
}
