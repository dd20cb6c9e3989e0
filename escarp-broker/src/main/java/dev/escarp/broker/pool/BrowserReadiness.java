package dev.escarp.broker.pool;

import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.core.files.LiveProcesses;
import dev.escarp.core.slot.Slot;
import dev.escarp.core.slot.SlotReadiness;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A slot is ready when its browser answers {@code GET /json/version} on its CDP port (about a
 * millisecond on loopback when requests are spaced out; at most the probe's timeout). The answer
 * is remembered in the {@link BrowserDirectory}, so a lease records the browser's current
 * WebSocket URL. Blocks: the lease table calls it off the event loops and outside its lock.
 *
 * <p>A browser that answered this check within the last {@value #TRUSTED_MILLIS} ms is not asked
 * again while its main process (the pid the directory knows, checked with its start time, so a
 * reused pid does not count, nor a zombie) still runs: a browser that crashed or was killed is never
 * handed out, and a relaunched one (a new pid) is asked at once. What this lets through is a
 * browser whose process lives but stopped answering in the last {@value #TRUSTED_MILLIS} ms; the
 * holder sees that as it connects, as it would a browser that hangs a moment after the check.
 * Without a known pid every grant is checked.
 */
public final class BrowserReadiness implements SlotReadiness {

  static final long TRUSTED_MILLIS = 2000;

  private final BrowserDirectory browsers;
  private final LongSupplier nanoTime;
  private final long trustedNanos;
  private final Map<Integer, Answered> answered = new ConcurrentHashMap<>();

  public BrowserReadiness(BrowserDirectory browsers) {
    this(browsers, System::nanoTime, Duration.ofMillis(TRUSTED_MILLIS));
  }

  BrowserReadiness(BrowserDirectory browsers, LongSupplier nanoTime, Duration trusted) {
    this.browsers = browsers;
    this.nanoTime = nanoTime;
    this.trustedNanos = trusted.toNanos();
  }

  /** When a slot's browser last answered this check, and its main process then. */
  private record Answered(long atNanos, ProcessHandle process) {}

  @Override
  public Optional<String> problem(Slot slot) {
    long pid = browsers.browserPid(slot.index());
    Answered last = answered.get(slot.index());
    long now = nanoTime.getAsLong();
    if (last != null && now - last.atNanos < trustedNanos && last.process.pid() == pid
        && LiveProcesses.running(last.process)) {
      return Optional.empty();
    }
    ProbeResult result = browsers.probe(slot);
    if (result instanceof ProbeResult.NothingThere nothing) {
      answered.remove(slot.index());
      return Optional.of(notAnswering(slot, nothing));
    }
    Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    process.ifPresentOrElse(p -> answered.put(slot.index(), new Answered(now, p)), () -> answered.remove(slot.index()));
    return Optional.empty();
  }

  /** The reason an unhealthy slot shows, the same from this check, the daemon's start and the sweep. */
  public static String notAnswering(Slot slot, ProbeResult.NothingThere nothing) {
    return slot.remote().map(r -> "remote browser " + r.name() + " (" + r.displayUrl() + ") not answering: ")
        .orElse("browser not answering on port " + slot.cdpPort() + ": ") + nothing.reason();
  }
}
