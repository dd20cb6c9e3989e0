package dev.escarp.broker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.TestDaemon;
import dev.escarp.cdp.launch.LoopbackPorts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons on one pool (different API ports): the flocks keep them from sharing a slot. */
class TwoDaemonsTest {

  @TempDir Path home;

  @Test
  void twoDaemonsOnOnePool_neverLeaseTheSameSlot_andSeeEachOthersSlotsAsExternal() throws Exception {
    try (TestDaemon east = TestDaemon.create(home, 2, Map.of()).start()) {
      Map<String, String> westEnv = new HashMap<>(east.env());
      westEnv.put("ESCARP_API_PORT", Integer.toString(LoopbackPorts.freePort()));
      try (Daemon west = new Daemon(DaemonConfig.fromEnvironment(westEnv), westEnv,
          new PrintStream(java.io.OutputStream.nullOutputStream()))) {
        ApiClient westApi = new ApiClient(west.start());
        ApiClient eastApi = east.api();

        CompletableFuture<Reply> a = CompletableFuture.supplyAsync(() -> eastApi.post("/acquire", "{\"holder\": \"east\"}"));
        CompletableFuture<Reply> b = CompletableFuture.supplyAsync(() -> westApi.post("/acquire", "{\"holder\": \"west\"}"));
        Reply ra = a.get(10, TimeUnit.SECONDS);
        Reply rb = b.get(10, TimeUnit.SECONDS);
        assertEquals(200, ra.status(), ra.toString());
        assertEquals(200, rb.status(), rb.toString());
        assertNotEquals(ra.json().get("slot").asInt(), rb.json().get("slot").asInt());

        assertEquals("pool_exhausted", eastApi.post("/acquire", "{\"holder\": \"east-2\"}").error());
        int westSlot = rb.json().get("slot").asInt();
        JsonNode seenFromEast = eastApi.get("/status").json().get("slots").get(westSlot);
        assertEquals("external", seenFromEast.get("state").asText());
        assertEquals("west", seenFromEast.get("holder").asText());
        assertEquals(ProcessHandle.current().pid(), seenFromEast.get("holder_pid").asLong());
        assertTrue(eastApi.post("/acquire", "{\"holder\": \"x\", \"slot\": " + westSlot + "}").error().equals("slot_leased"));
      }
    }
  }
}
