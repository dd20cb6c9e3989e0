package dev.escarp.broker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real daemon over real browsers for a whole test class, in a home of its own:
 * {@code @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(2);}.
 * Started before the class's own {@code @BeforeAll} methods; closed after the class (the daemon
 * stopped, every browser ended by pid, the home deleted).
 */
public final class DaemonPerClass implements BeforeAllCallback, AfterAllCallback {

  private final int slots;
  private final Map<String, String> env;
  private Path home;
  private TestDaemon daemon;

  private DaemonPerClass(int slots, Map<String, String> env) {
    this.slots = slots;
    this.env = Map.copyOf(env);
  }

  public static DaemonPerClass withSlots(int slots) {
    return new DaemonPerClass(slots, Map.of());
  }

  /** The same, with extra daemon environment (a short grace, a token, ...). */
  public static DaemonPerClass withSlots(int slots, Map<String, String> env) {
    return new DaemonPerClass(slots, env);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    home = Files.createTempDirectory("escarp-test-");
    daemon = TestDaemon.create(home, slots, env).start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public ApiClient api() {
    return daemon.api();
  }

  public TestDaemon daemon() {
    return daemon;
  }
}
