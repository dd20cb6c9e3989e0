package dev.escarp.core.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts helper processes for cross-process tests, and ends every one of them by pid. */
final class ChildProcesses implements AutoCloseable {

  private final List<Process> started = new ArrayList<>();

  /** A second JVM holding a slot through {@link HoldSlotMain}; returns once it holds it. */
  Process javaHolding(Path home, int slot, String holder) throws IOException {
    return javaHolding(home, slot, holder, false);
  }

  /** As {@link #javaHolding(Path, int, String)}; with {@code reclaim}, held by a second claim on a kept file. */
  Process javaHolding(Path home, int slot, String holder, boolean reclaim) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = start(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        HoldSlotMain.class.getName(), home.toString(), Integer.toString(slot), holder, reclaim ? "reclaim" : "once"));
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertEquals("HELD " + slot, line, "child JVM did not take the slot");
    return p;
  }

  /** {@code flock(1)} holding this file exclusively; returns once the lock is taken. */
  Process flockHolding(Path lockFile) throws IOException {
    Process p = start(new ProcessBuilder("flock", "-x", lockFile.toString(), "sh", "-c", "echo HELD; exec sleep 600"));
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("HELD", out.readLine(), "flock(1) did not take the lock");
    return p;
  }

  /** Runs {@code flock -n file true}: its exit code is 0 if the lock was free, 1 if held. */
  int flockTry(Path lockFile) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("flock", "-n", lockFile.toString(), "true").start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("flock -n hung");
    }
    return p.exitValue();
  }

  private Process start(ProcessBuilder builder) throws IOException {
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = builder.start();
    started.add(p);
    return p;
  }

  @Override
  public void close() {
    for (Process p : started) {
      List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
      all.add(p.toHandle());
      all.forEach(ProcessHandle::destroyForcibly);
      all.forEach(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    }
  }
}
