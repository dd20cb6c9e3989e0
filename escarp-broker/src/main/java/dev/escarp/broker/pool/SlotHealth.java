package dev.escarp.broker.pool;

import dev.escarp.cdp.launch.Display;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** One slot's healing state, as the {@link BrowserHealer} sees it; guarded by the healer's monitor. */
final class SlotHealth {

  /** The slot's main browser process, while it is known. */
  ProcessHandle watched;
  /** How the watched browser was started, to start it again the same way. */
  Display display = Display.AUTO;
  /** Its whole command line (executable first), when the process table shows it. */
  Optional<List<String>> commandLine = Optional.empty();
  boolean seenAnswering;
  int probeTicks;
  boolean healing;
  String gaveUp;
  final Deque<Long> failures = new ArrayDeque<>();

  /** When the watched browser last answered {@code /json/version}, or was first watched. */
  long lastAnswerNanos;
  long lastHangProbeNanos;
  boolean hangProbing;

  /** Starts watching {@code browser}: what it runs is read now, while it can still be read. */
  void watch(ProcessHandle browser) {
    watched = browser;
    ProcessHandle.Info info = browser.info();
    Optional<String[]> args = info.arguments();
    display = args.map(a -> Arrays.stream(a).anyMatch(x -> x.equals("--headless") || x.startsWith("--headless="))
        ? Display.HEADLESS : Display.HEADED).orElse(Display.AUTO);
    commandLine = info.command().flatMap(command -> args.map(a -> Stream.concat(Stream.of(command), Arrays.stream(a)).toList()));
    // silence counts from now: a browser that never answers is as stuck as one that stopped
    lastAnswerNanos = System.nanoTime();
    hangProbing = false;
  }

  void unwatch() {
    watched = null;
    seenAnswering = false;
    lastAnswerNanos = 0;
  }
}
