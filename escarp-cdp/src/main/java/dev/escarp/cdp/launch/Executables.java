package dev.escarp.cdp.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finding programs the way a shell would: on the host's {@code PATH}. */
final class Executables {

  private Executables() {}

  static Optional<Path> onPath(Host host, String name) {
    for (String dir : host.variable("PATH").orElse("").split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (isExecutableFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  static boolean isExecutableFile(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }
}
