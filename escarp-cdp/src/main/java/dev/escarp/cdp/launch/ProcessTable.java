package dev.escarp.cdp.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The host's processes and their command lines: {@code /proc/<pid>/cmdline} on Linux, whose
 * arguments are exact; {@code ps -axww -o pid=,command=} elsewhere, which gives one space-joined
 * line per process.
 */
final class ProcessTable {

  /**
   * One process.
   *
   * @param args the exact arguments (Linux); empty when only {@code command} is known
   * @param command the command line, arguments joined by spaces
   */
  record Entry(long pid, List<String> args, String command) {

    static Entry exact(long pid, List<String> args) {
      return new Entry(pid, List.copyOf(args), String.join(" ", args));
    }

    static Entry commandLine(long pid, String command) {
      return new Entry(pid, List.of(), command);
    }

    /** Whether one argument is exactly {@code arg} (with ps: {@code arg} between spaces or ends). */
    boolean hasArg(String arg) {
      if (!args.isEmpty()) {
        return args.contains(arg);
      }
      int from = 0;
      while (true) {
        int at = command.indexOf(arg, from);
        if (at < 0) {
          return false;
        }
        int end = at + arg.length();
        boolean startsArg = at == 0 || command.charAt(at - 1) == ' ';
        boolean endsArg = end == command.length() || command.charAt(end) == ' ';
        if (startsArg && endsArg) {
          return true;
        }
        from = at + 1;
      }
    }

    /**
     * The value of {@code --flag=value}. With ps the value runs to the next {@code " --"} (a path
     * may contain spaces, a flag never follows one without its dashes).
     */
    Optional<String> flagValue(String prefix) {
      if (!args.isEmpty()) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst();
      }
      int start;
      if (command.startsWith(prefix)) {
        start = prefix.length();
      } else {
        int at = command.indexOf(" " + prefix);
        if (at < 0) {
          return Optional.empty();
        }
        start = at + 1 + prefix.length();
      }
      int end = command.indexOf(" --", start);
      return Optional.of(command.substring(start, end < 0 ? command.length() : end).strip());
    }

    /** Chromium's helper processes (renderer, GPU, zygote, utility) carry {@code --type=}. */
    boolean isChromiumHelper() {
      return flagValue("--type=").isPresent();
    }
  }

  private final Host.Os os;

  ProcessTable(Host.Os os) {
    this.os = os;
  }

  List<Entry> list() {
    return os == Host.Os.LINUX ? fromProc(Path.of("/proc")) : fromPs();
  }

  /** Alive and not a zombie: a killed browser whose parent never reaps it still has a pid. */
  boolean isAlive(long pid) {
    if (os == Host.Os.LINUX) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        int close = stat.lastIndexOf(')');
        char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        return state != 'Z' && state != 'X';
      } catch (IOException e) {
        return false;
      }
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static List<Entry> fromProc(Path proc) {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(proc)) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
          List<String> args = parseCmdline(raw);
          if (!args.isEmpty()) {
            entries.add(Entry.exact(Long.parseLong(name), args));
          }
        } catch (IOException | NumberFormatException e) {
          // the process ended while we looked, or is not ours to read
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
    }
    return entries;
  }

  /** {@code /proc/<pid>/cmdline}: arguments separated (and usually ended) by NUL. */
  static List<String> parseCmdline(byte[] raw) {
    if (raw.length == 0) {
      return List.of();
    }
    String all = new String(raw, StandardCharsets.UTF_8);
    if (all.endsWith("\0")) {
      all = all.substring(0, all.length() - 1);
    }
    return Arrays.asList(all.split("\0", -1));
  }

  private static List<Entry> fromPs() {
    try {
      Process ps =
          new ProcessBuilder("ps", "-axww", "-o", "pid=,command=")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(ps.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      }
      if (!ps.waitFor(10, TimeUnit.SECONDS)) {
        ps.destroyForcibly();
        throw new IllegalStateException("ps did not finish within 10 s");
      }
      return parsePs(lines);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ps: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ps", e);
    }
  }

  /** Lines of {@code ps -o pid=,command=}: leading spaces, the pid, spaces, the command line. */
  static List<Entry> parsePs(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.strip();
      int space = trimmed.indexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        entries.add(Entry.commandLine(Long.parseLong(trimmed.substring(0, space)), trimmed.substring(space + 1).strip()));
      } catch (NumberFormatException e) {
        // a header or garbage line
      }
    }
    return entries;
  }
}
