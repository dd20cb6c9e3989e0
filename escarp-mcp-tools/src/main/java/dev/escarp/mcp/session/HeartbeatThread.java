package dev.escarp.mcp.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The shim's one heartbeat thread, {@code escarp-mcp-heartbeat}: a daemon thread, so it never
 * keeps the process alive. A beat that throws is logged and the next one still runs.
 */
public final class HeartbeatThread implements HeartbeatScheduler, AutoCloseable {

  private final ScheduledExecutorService executor;
  private final Consumer<String> log;

  public HeartbeatThread(Consumer<String> log) {
    this.log = log;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "escarp-mcp-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Scheduled every(Duration interval, Runnable beat) {
    long nanos = interval.toNanos();
    ScheduledFuture<?> future = executor.scheduleWithFixedDelay(() -> {
      try {
        beat.run();
      } catch (RuntimeException e) {
        // scheduleWithFixedDelay would silently stop repeating on an exception.
        log.accept("heartbeat failed: " + e);
      }
    }, nanos, nanos, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
