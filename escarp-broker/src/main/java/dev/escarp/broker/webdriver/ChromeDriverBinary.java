package dev.escarp.broker.webdriver;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where chromedriver is: {@code ESCARP_CHROMEDRIVER} when set (and then only there), else
 * {@code chromedriver} on {@code PATH}, else Debian's {@code /usr/lib/chromium/chromedriver}.
 */
record ChromeDriverBinary(Optional<Path> path, List<String> searched) {

  /** How to get one, for the 409 a WebDriver acquire gets without it. */
  static final String HOW_TO_INSTALL = "install it with your browser's driver package (Debian/Ubuntu: "
      + "apt-get install chromium-driver; Fedora: dnf install chromedriver; macOS: brew install chromedriver) "
      + "or point ESCARP_CHROMEDRIVER at the binary";

  static ChromeDriverBinary locate(Optional<String> configured, String pathVariable) {
    List<String> searched = new ArrayList<>();
    if (configured.isPresent()) {
      Path given = Path.of(configured.get());
      searched.add(given + " (ESCARP_CHROMEDRIVER)");
      return new ChromeDriverBinary(Optional.of(given).filter(ChromeDriverBinary::runnable), searched);
    }
    List<Path> candidates = new ArrayList<>();
    if (pathVariable != null) {
      for (String dir : pathVariable.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "chromedriver"));
        }
      }
    }
    candidates.add(Path.of("/usr/lib/chromium/chromedriver"));
    for (Path candidate : candidates) {
      searched.add(candidate.toString());
      if (runnable(candidate)) {
        return new ChromeDriverBinary(Optional.of(candidate), searched);
      }
    }
    return new ChromeDriverBinary(Optional.empty(), searched);
  }

  /** Why there is none, and how to get one; empty when it was found. */
  Optional<String> problem() {
    if (path.isPresent()) {
      return Optional.empty();
    }
    return Optional.of("WebDriver leases need chromedriver, and none was found (looked at "
        + String.join(", ", searched) + "): " + HOW_TO_INSTALL);
  }

  private static boolean runnable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }
}
