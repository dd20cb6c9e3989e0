package dev.escarp.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolConfigStoreTest {

  @TempDir Path dir;

  private PoolConfigStore store() {
    return new PoolConfigStore(new EscarpHome(dir));
  }

  private void writePoolJson(String json) throws IOException {
    Files.writeString(dir.resolve("pool.json"), json);
  }

  @Test
  void load_missingFile_givesDefaultsWithoutProblems() {
    LoadedPoolConfig loaded = store().load(Map.of());

    assertEquals(PoolConfig.defaults(), loaded.config());
    assertEquals(0, loaded.problems().size());
  }

  @Test
  void load_corruptFile_fallsBackToDefaultsAndSaysSo() throws IOException {
    writePoolJson("{\"pool_size\": 6,");

    LoadedPoolConfig loaded = store().load(Map.of());

    assertEquals(PoolConfig.defaults(), loaded.config());
    assertEquals(1, loaded.problems().size());
    assertTrue(loaded.problems().get(0).contains("not valid JSON"), loaded.problems().toString());
  }

  @Test
  void load_nonObjectJson_fallsBackToDefaults() throws IOException {
    writePoolJson("[1, 2]");

    LoadedPoolConfig loaded = store().load(Map.of());

    assertEquals(PoolConfig.defaults(), loaded.config());
    assertEquals(1, loaded.problems().size());
  }

  @Test
  void load_partialFile_keepsWhatIsThereAndDefaultsTheRest() throws IOException {
    writePoolJson("{\"pool_size\": 6}");

    LoadedPoolConfig loaded = store().load(Map.of());

    assertEquals(6, loaded.config().poolSize());
    assertEquals(9222, loaded.config().cdpBase());
    assertEquals("autonomous", loaded.config().tier());
    assertEquals(0, loaded.problems().size());
  }

  @Test
  void load_valueOfTheWrongType_isReportedByNameAndDefaulted() throws IOException {
    writePoolJson("{\"pool_size\": \"four\", \"cdp_base\": 9300, \"cua_apps\": \"yes\", \"tier\": 7}");

    LoadedPoolConfig loaded = store().load(Map.of());

    assertEquals(4, loaded.config().poolSize());
    assertEquals(9300, loaded.config().cdpBase());
    assertEquals(false, loaded.config().cuaApps());
    assertEquals(3, loaded.problems().size());
    assertTrue(loaded.problems().get(0).contains("pool_size"), loaded.problems().get(0));
    assertTrue(loaded.problems().get(0).contains("\"four\""), loaded.problems().get(0));
    assertTrue(loaded.problems().stream().anyMatch(p -> p.contains("tier")));
    assertTrue(loaded.problems().stream().anyMatch(p -> p.contains("cua_apps")));
  }

  @Test
  void load_outOfRangeNumbers_areReported() throws IOException {
    writePoolJson("{\"pool_size\": -2, \"cdp_base\": 70000}");

    LoadedPoolConfig loaded = store().load(Map.of());

    assertEquals(PoolConfig.defaults(), loaded.config());
    assertEquals(2, loaded.problems().size());
  }

  @Test
  void load_environmentOverridesTheFile() throws IOException {
    writePoolJson("{\"pool_size\": 6, \"cdp_base\": 9300}");

    LoadedPoolConfig loaded = store().load(Map.of(
        "ESCARP_POOL_SIZE", "2", "ESCARP_CDP_BASE", "19222", "ESCARP_CHROME", "/opt/chrome"));

    assertEquals(2, loaded.config().poolSize());
    assertEquals(19222, loaded.config().cdpBase());
    assertEquals(Optional.of("/opt/chrome"), loaded.config().cftBinary());
  }

  @Test
  void load_badEnvironmentValue_isReportedByNameAndIgnored() throws IOException {
    writePoolJson("{\"pool_size\": 6}");

    LoadedPoolConfig loaded = store().load(Map.of("ESCARP_POOL_SIZE", "lots"));

    assertEquals(6, loaded.config().poolSize());
    assertEquals(1, loaded.problems().size());
    assertTrue(loaded.problems().get(0).startsWith("ESCARP_POOL_SIZE"), loaded.problems().get(0));
  }

  @Test
  void save_thenLoad_roundTripsEveryField() {
    PoolConfig config = new PoolConfig(7, 30000, "delegated", true, Optional.of("/usr/bin/chromium"));

    store().save(config);

    assertEquals(config, store().loadFile().config());
  }

  @Test
  void save_replacesTheFileAtomicallyAndLeavesNoTempFiles() throws IOException {
    store().save(PoolConfig.defaults().withPoolSize(2));
    store().save(PoolConfig.defaults().withPoolSize(3));

    assertEquals(3, store().loadFile().config().poolSize());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "only pool.json should remain");
    }
  }
}
