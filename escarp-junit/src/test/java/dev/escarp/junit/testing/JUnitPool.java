package dev.escarp.junit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.cdp.client.CdpClient;
import dev.escarp.cdp.discovery.ProbeResult;
import dev.escarp.cdp.testing.TestPool;
import dev.escarp.core.slot.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.Optional;

/**
 * A pool the extension under test can be pointed at ({@code escarp.home}): a temporary
 * ESCARP_HOME with a pool.json on free ports, over escarp-cdp's {@link TestPool}, whose
 * {@link #close()} ends every browser of the home by pid and deletes the home. Browsers are not launched here: the
 * extension launches what it claims.
 */
public final class JUnitPool implements AutoCloseable {

  private final Path home;
  private final TestPool pool;

  private JUnitPool(Path home, TestPool pool) {
    this.home = home;
    this.pool = pool;
  }

  public static JUnitPool create(int size) {
    try {
      Path home = Files.createTempDirectory("escarp-junit-test-");
      TestPool pool = TestPool.create(home, size);
      Files.writeString(home.resolve("pool.json"),
          "{\"pool_size\": " + size + ", \"cdp_base\": " + pool.slot(0).cdpPort() + "}", StandardCharsets.UTF_8);
      return new JUnitPool(home, pool);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path home() {
    return home;
  }

  public List<Slot> slots() {
    return pool.slots();
  }

  public TestPool pool() {
    return pool;
  }

  /** The pid of the browser answering on the slot's port now, if any. */
  public Optional<Long> browserPid(int slot) {
    ProbeResult probe = pool.probe().probe(pool.slot(slot).cdpPort());
    if (!(probe instanceof ProbeResult.Found)) {
      return Optional.empty();
    }
    return pool.processes().scan().stream().filter(b -> b.slot() == slot).map(b -> b.pid()).findFirst();
  }

  /** Sends one command to the slot's browser target over a connection of its own. */
  public JsonNode browserCall(int slot, String method) throws Exception {
    var url = pool.probe().probe(pool.slot(slot).cdpPort()).version().orElseThrow().webSocketDebuggerUrl();
    try (CdpClient client = CdpClient.connect(url).get(10, TimeUnit.SECONDS)) {
      return client.send(method).get(10, TimeUnit.SECONDS);
    }
  }

  /** The URL of every tab of the slot's browser. */
  public List<String> pageUrls(int slot) throws Exception {
    List<String> urls = new ArrayList<>();
    for (JsonNode target : browserCall(slot, "Target.getTargets").path("targetInfos")) {
      if ("page".equals(target.path("type").asText())) {
        urls.add(target.path("url").asText());
      }
    }
    return urls;
  }

  /** Every cookie of the slot's browser, all origins. */
  public JsonNode cookies(int slot) throws Exception {
    return browserCall(slot, "Storage.getCookies").path("cookies");
  }

  /** Ends the browsers by pid, then deletes the temporary home. */
  @Override
  public void close() {
    pool.close();
    try (Stream<Path> paths = Files.walk(home)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing a test for
    }
  }
}
