package dev.escarp.broker.daemon;

import java.io.PrintStream;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code escarp daemon} in the foreground: boots, serves until SIGINT or SIGTERM, then stops
 * cleanly (journal kept, flocks released, browsers left running) and exits 0. Exit 2 for a bad
 * configuration, 1 when it cannot serve.
 */
public final class DaemonMain {

  private DaemonMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(serve(System.getenv(), System.out, System.err));
  }

  /**
   * Serves until a signal ends the JVM (then the exit status is 0), or returns the exit code when
   * the daemon cannot start. Installs a shutdown hook: call it once per JVM.
   */
  public static int serve(Map<String, String> env, PrintStream out, PrintStream err)
      throws InterruptedException {
    // One line per log record, on stderr, without stack traces.
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%n");
    DaemonConfig config;
    try {
      config = DaemonConfig.fromEnvironment(env);
      BackendSettings.fromEnvironment(env); // read again at start; refused here, before anything starts
      WarmUp.budget(env); // likewise
    } catch (IllegalArgumentException e) {
      err.println("escarp daemon: " + e.getMessage());
      return 2;
    }
    Daemon daemon = new Daemon(config, env, out);
    CountDownLatch started = new CountDownLatch(1);
    // SIGINT and SIGTERM run shutdown hooks; this one stops cleanly and makes the exit status 0
    // (a signal would otherwise leave 130 or 143).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      if (started.getCount() == 0) {
        out.println("escarp daemon stopped; browsers left running");
        out.flush();
        Runtime.getRuntime().halt(0);
      }
    }, "escarp-shutdown"));
    try {
      daemon.start();
    } catch (BindException e) {
      err.println("escarp daemon: " + e.getMessage());
      daemon.close();
      return 1;
    } catch (java.io.IOException e) {
      err.println("escarp daemon: cannot start: " + e.getMessage());
      daemon.close();
      return 1;
    }
    started.countDown();
    Thread.currentThread().join(); // serve until a signal
    return 0;
  }
}
