package dev.escarp.cdp.launch;

import dev.escarp.core.slot.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Stops one slot's browser and (optionally) removes its profile: the processes are found by the
 * slot's profile-dir signature, sent SIGTERM, given a grace period, then SIGKILLed.
 *
 * <p>Blocks for up to the grace period plus a little; call it from a worker thread.
 */
public final class SlotStopper {

  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  private static final Duration KILL_WAIT = Duration.ofSeconds(3);
  private static final Duration STRAGGLER_WAIT = Duration.ofMillis(200);
  private static final long POLL_MILLIS = 20;

  private final BrowserProcesses processes;
  private final Duration grace;

  public SlotStopper(BrowserProcesses processes, Duration grace) {
    this.processes = Objects.requireNonNull(processes, "processes");
    this.grace = Objects.requireNonNull(grace, "grace");
  }

  public SlotStopper(BrowserProcesses processes) {
    this(processes, DEFAULT_GRACE);
  }

  /** Stops the slot's browser; with {@code removeData} also deletes its profile dir. */
  public StopResult stop(Slot slot, boolean removeData) {
    return stop(slot.index(), slot.profileDir(), removeData);
  }

  /** Stops whatever runs with this profile dir (a slot of any tier or layout). */
  public StopResult stop(int slotIndex, Path profileDir, boolean removeData) {
    Set<Long> seen = new LinkedHashSet<>();
    boolean forced = false;
    List<Long> found = processes.processesOf(profileDir);
    if (!found.isEmpty()) {
      seen.addAll(found);
      found.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
      if (!awaitGone(found, grace)) {
        forced = true;
        found.stream().filter(processes::isAlive).forEach(SlotStopper::kill);
        awaitGone(found, KILL_WAIT);
      }
    }
    // A browser that is still starting up can fork helpers after the first look: they carry the
    // signature too, so look again until nothing does. The browser has had its grace period.
    long deadline = System.nanoTime() + KILL_WAIT.toNanos();
    List<Long> left = alive(processes.processesOf(profileDir));
    while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
      seen.addAll(left);
      left.forEach(SlotStopper::kill);
      awaitGone(left, STRAGGLER_WAIT);
      left = alive(processes.processesOf(profileDir));
    }
    List<Long> survivors = alive(List.copyOf(seen));
    if (!survivors.isEmpty()) {
      return new StopResult(
          slotIndex, List.copyOf(seen), forced, survivors, false,
          Optional.of("processes " + survivors + " survived SIGKILL; data kept"));
    }
    if (!removeData) {
      return new StopResult(slotIndex, List.copyOf(seen), forced, List.of(), false, Optional.empty());
    }
    try {
      deleteTree(profileDir);
      return new StopResult(slotIndex, List.copyOf(seen), forced, List.of(), true, Optional.empty());
    } catch (IOException | UncheckedIOException e) {
      return new StopResult(
          slotIndex, List.copyOf(seen), forced, List.of(), false,
          Optional.of("could not remove " + profileDir + ": " + e.getMessage()));
    }
  }

  private List<Long> alive(List<Long> pids) {
    return pids.stream().filter(processes::isAlive).toList();
  }

  private static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  private boolean awaitGone(List<Long> pids, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (pids.stream().anyMatch(processes::isAlive)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        try {
          Files.deleteIfExists(path);
        } catch (NoSuchFileException e) {
          // gone already
        }
      }
    }
  }
}
