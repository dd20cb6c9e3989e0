package dev.escarp.cli.support;

import dev.escarp.cli.EscarpMain;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where this escarp's distribution lives: {@code <dist>/lib/escarp-cli-*.jar} next to {@code <dist>/bin}. */
public final class Distribution {

  private Distribution() {}

  /** {@code bin/escarp-mcp} of the distribution this code runs from, when it runs from one. */
  public static Optional<Path> mcpLauncher() {
    return binDir().map(bin -> bin.resolve("escarp-mcp")).filter(Files::isExecutable);
  }

  public static Optional<Path> binDir() {
    try {
      Path jar = Path.of(EscarpMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path lib = jar.getParent();
      if (lib == null || !Files.isRegularFile(jar) || lib.getParent() == null) {
        return Optional.empty();
      }
      Path bin = lib.getParent().resolve("bin");
      return Files.isDirectory(bin) ? Optional.of(bin.toAbsolutePath()) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** The first executable named {@code name} on this PATH. */
  public static Optional<Path> onPath(String path, String name) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
