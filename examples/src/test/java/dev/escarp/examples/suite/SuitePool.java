package dev.escarp.examples.suite;

import dev.escarp.cdp.launch.LoopbackPorts;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.files.PoolConfigStore;
import dev.escarp.examples.support.SlotBrowsers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Build plumbing around the sample suite, run by the examples pom before and after it:
 *
 * <pre>
 * SuitePool prepare &lt;home&gt; &lt;pool size&gt; &lt;journal dir&gt;   stop leftovers, fresh pool.json on free ports, empty journal
 * SuitePool stop &lt;home&gt;                                 stop every browser of the home, by pid
 * </pre>
 *
 * Both test JVMs then read the same pool.json from the same ESCARP_HOME, so they share one pool,
 * and the test that first claims a slot launches its browser.
 */
public final class SuitePool {

  private SuitePool() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 4 && args[0].equals("prepare")) {
      prepare(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
    } else if (args.length == 2 && args[0].equals("stop")) {
      stop(Path.of(args[1]));
    } else {
      System.err.println("usage: SuitePool prepare <home> <pool size> <journal dir> | SuitePool stop <home>");
      System.exit(2);
    }
  }

  private static void prepare(Path homeDir, int size, Path journal) throws IOException {
    stop(homeDir); // an interrupted earlier build may have left browsers behind
    EscarpHome home = new EscarpHome(homeDir);
    deleteTree(home.locksDir());
    deleteTree(journal);
    Files.createDirectories(journal);
    int base = LoopbackPorts.freeRange(size);
    new PoolConfigStore(home).save(PoolConfig.defaults().withPoolSize(size).withCdpBase(base));
    System.out.println("[escarp] sample-suite pool: " + size + " slots on ports " + base + ".." + (base + size - 1)
        + " in " + home.root());
  }

  private static void stop(Path homeDir) {
    List<Long> stopped = new SlotBrowsers(new EscarpHome(homeDir), Optional.empty()).stopAll();
    System.out.println("[escarp] stopped " + stopped.size() + " browser(s) of " + homeDir + (stopped.isEmpty() ? "" : ", pids " + stopped));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
