package dev.escarp.core.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What Linux's {@code /proc/<pid>} tells about a process; empty or false where there is no /proc. */
final class ProcStat {

  private ProcStat() {}

  /** State {@code Z} (zombie) or {@code X} (dead) in {@code /proc/<pid>/stat}. */
  static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
      int close = stat.lastIndexOf(')');
      if (close < 0 || close + 2 >= stat.length()) {
        return false;
      }
      char state = stat.charAt(close + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The arguments of {@code /proc/<pid>/cmdline}, split on NUL. */
  static Optional<List<String>> commandLine(long pid) {
    return nulSeparated(pid, "cmdline");
  }

  /** One variable of {@code /proc/<pid>/environ} (readable for the same user's processes). */
  static Optional<String> environmentValue(long pid, String name) {
    String prefix = name + "=";
    return nulSeparated(pid, "environ").flatMap(vars -> vars.stream()
        .filter(v -> v.startsWith(prefix)).map(v -> v.substring(prefix.length())).findFirst());
  }

  private static Optional<List<String>> nulSeparated(long pid, String file) {
    try {
      byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
      if (bytes.length == 0) {
        return Optional.empty();
      }
      return Optional.of(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\0")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
