package dev.escarp.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.config.PoolConfig;
import dev.escarp.core.slot.RemoteBrowser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pool.json's {@code remote} list: browsers escarp leases but never launches. */
class PoolConfigRemotesTest {

  @TempDir Path dir;

  private PoolConfigStore store() {
    return new PoolConfigStore(new EscarpHome(dir));
  }

  @Test
  void remotesRoundTripWithTheirNamesUrlsAndHeaders() {
    List<RemoteBrowser> remotes = List.of(
        new RemoteBrowser("mine", URI.create("http://127.0.0.1:9333"), Map.of()),
        new RemoteBrowser("hosted", URI.create("ws://10.1.2.3:3000/devtools/browser/abc?token=s3cret"),
            Map.of("Authorization", "Bearer t")));
    store().save(PoolConfig.defaults().withRemotes(remotes));

    LoadedPoolConfig loaded = store().load(Map.of());
    assertEquals(remotes, loaded.config().remotes());
    assertEquals(List.of(), loaded.problems());
  }

  @Test
  void aRemoteWithoutANameIsNamedAfterItsHostAndPort() throws Exception {
    Files.writeString(dir.resolve("pool.json"), "{\"remote\": [{\"url\": \"http://10.0.0.5:9222\"}]}");
    assertEquals("10.0.0.5-9222", store().load(Map.of()).config().remotes().get(0).name());
  }

  @Test
  void aBadEntryCostsThatEntryAndIsReportedByPosition() throws Exception {
    Files.writeString(dir.resolve("pool.json"), "{\"pool_size\": 2, \"remote\": ["
        + "{\"name\": \"ok\", \"url\": \"http://10.0.0.5:9222\"},"
        + "{\"name\": \"tls\", \"url\": \"https://10.0.0.6:9222\"},"
        + "{\"name\": \"ok\", \"url\": \"http://10.0.0.7:9222\"},"
        + "\"not an object\"]}");
    LoadedPoolConfig loaded = store().load(Map.of());
    assertEquals(List.of("ok"), loaded.config().remotes().stream().map(RemoteBrowser::name).toList());
    assertEquals(2, loaded.config().poolSize());
    assertEquals(3, loaded.problems().size(), loaded.problems().toString());
    assertTrue(loaded.problems().get(0).contains("remote[1]") && loaded.problems().get(0).contains("TLS"));
    assertTrue(loaded.problems().get(1).contains("remote[2]") && loaded.problems().get(1).contains("taken"));
  }

  @Test
  void aPoolWithoutRemotesWritesNoRemoteList() throws Exception {
    store().save(PoolConfig.defaults());
    assertTrue(!Files.readString(dir.resolve("pool.json")).contains("remote"));
  }
}
