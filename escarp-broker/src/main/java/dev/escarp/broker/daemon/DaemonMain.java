package dev.escarp.broker.daemon;

import java.net.BindException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code escarp daemon} in the foreground: boots, serves until SIGINT or SIGTERM, then stops
 * cleanly (journal kept, flocks released, browsers left running) and exits 0. Exit 2 for a bad
 * configuration, 1 when it cannot serve.
 */
public final class DaemonMain {

  private DaemonMain() {}

  public static void main(String[] args) throws Exception {
    // One line per log record, on stderr, without stack traces.
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%n");
    DaemonConfig config;
    try {
      config = DaemonConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("escarp daemon: " + e.getMessage());
      System.exit(2);
      return;
    }
    Daemon daemon = new Daemon(config, System.getenv(), System.out);
    CountDownLatch started = new CountDownLatch(1);
    // SIGINT and SIGTERM run shutdown hooks; this one stops cleanly and makes the exit status 0
    // (a signal would otherwise leave 130 or 143).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      if (started.getCount() == 0) {
        System.out.println("escarp daemon stopped; browsers left running");
        System.out.flush();
        Runtime.getRuntime().halt(0);
      }
    }, "escarp-shutdown"));
    try {
      daemon.start();
    } catch (BindException e) {
      System.err.println("escarp daemon: " + e.getMessage());
      System.exit(1);
      return;
    }
    started.countDown();
    Thread.currentThread().join(); // serve until a signal
  }
}
