package dev.escarp.cdp.launch;

import dev.escarp.core.config.EscarpHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the browser binary: {@code ESCARP_CHROME}, then {@code ESCARP_CFT_BINARY}, then pool.json's
 * {@code cft_binary}, then Chrome for Testing unpacked under {@code $ESCARP_HOME/chrome}, then
 * {@code chromium}, {@code chromium-browser} and {@code google-chrome} on {@code PATH}.
 *
 * <p>An explicitly configured binary that is not executable is an error, not a reason to fall
 * through: silently running some other browser would hide the mistake.
 */
public final class BinaryLocator {

  static final List<String> PATH_NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private static final String LINUX_CFT = "chrome-linux64/chrome";
  private static final String MAC_CFT =
      "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing";
  private static final int CFT_SEARCH_DEPTH = 6;

  private final Host host;
  private final EscarpHome home;
  private final Optional<String> configuredBinary;

  /**
   * @param configuredBinary pool.json's {@code cft_binary} ({@code PoolConfig.cftBinary()})
   */
  public BinaryLocator(Host host, EscarpHome home, Optional<String> configuredBinary) {
    this.host = Objects.requireNonNull(host, "host");
    this.home = Objects.requireNonNull(home, "home");
    this.configuredBinary = Objects.requireNonNull(configuredBinary, "configuredBinary");
  }

  public BinaryLookup locate() {
    List<String> searched = new ArrayList<>();
    for (String variable : List.of("ESCARP_CHROME", "ESCARP_CFT_BINARY")) {
      Optional<String> value = host.variable(variable);
      if (value.isPresent()) {
        return explicit(variable, value.get(), searched);
      }
      searched.add(variable + " (unset)");
    }
    if (configuredBinary.filter(b -> !b.isBlank()).isPresent()) {
      return explicit("pool.json cft_binary", configuredBinary.get(), searched);
    }
    searched.add("pool.json cft_binary (unset)");

    Path chromeDir = home.chromeDir();
    Optional<Path> cft = chromeForTesting(chromeDir);
    if (cft.isPresent()) {
      return BinaryLookup.found(cft.get(), "Chrome for Testing under " + chromeDir, searched);
    }
    searched.add("Chrome for Testing under " + chromeDir + " (none)");

    for (String name : PATH_NAMES) {
      Optional<Path> onPath = Executables.onPath(host, name);
      if (onPath.isPresent()) {
        return BinaryLookup.found(onPath.get(), name + " on PATH", searched);
      }
      searched.add(name + " on PATH (not found)");
    }
    return BinaryLookup.missing(
        "no Chromium binary found; looked at: " + String.join(", ", searched)
            + ". Set ESCARP_CHROME to a Chrome or Chromium binary, or install chromium.",
        searched);
  }

  private BinaryLookup explicit(String source, String value, List<String> searched) {
    Path path = Path.of(value);
    searched.add(source + "=" + value);
    if (Executables.isExecutableFile(path)) {
      return BinaryLookup.found(path, source, searched);
    }
    String what = Files.exists(path) ? "is not an executable file" : "does not exist";
    return BinaryLookup.missing(source + "=" + value + " " + what + "; fix or unset " + source, searched);
  }

  /** The newest-looking Chrome for Testing binary under {@code dir}, e.g. {@code linux-139.0.7258.66/chrome-linux64/chrome}. */
  private Optional<Path> chromeForTesting(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(dir, CFT_SEARCH_DEPTH)) {
      return files
          .filter(p -> p.toString().endsWith("/" + LINUX_CFT) || p.toString().endsWith("/" + MAC_CFT))
          .filter(Executables::isExecutableFile)
          .max(Comparator.comparing(Path::toString, BinaryLocator::compareVersionsInText));
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** Orders {@code linux-99.0.1} before {@code linux-139.0.2}: digit runs compare as numbers. */
  static int compareVersionsInText(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int byLength = Integer.compare(na.length(), nb.length());
        if (byLength != 0) {
          return byLength;
        }
        int byDigits = na.compareTo(nb);
        if (byDigits != 0) {
          return byDigits;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
