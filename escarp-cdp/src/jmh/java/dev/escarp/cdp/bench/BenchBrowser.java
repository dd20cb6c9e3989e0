package dev.escarp.cdp.bench;

import dev.escarp.cdp.launch.LaunchResult;
import dev.escarp.cdp.testing.TestPool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** One real browser for a benchmark trial, in a temporary ESCARP_HOME on free ports. */
final class BenchBrowser implements AutoCloseable {

  final Path home;
  final TestPool pool;
  final LaunchResult.Launched launched;

  private BenchBrowser(Path home) {
    this.home = home;
    this.pool = TestPool.create(home, 1);
    this.launched = pool.launchAll().get(0);
  }

  static BenchBrowser launch() throws IOException {
    return new BenchBrowser(Files.createTempDirectory("escarp-bench"));
  }

  int port() {
    return launched.cdpPort();
  }

  URI webSocketUrl() {
    return launched.version().webSocketDebuggerUrl();
  }

  @Override
  public void close() throws IOException {
    pool.close();
    deleteTree(home);
  }

  static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
