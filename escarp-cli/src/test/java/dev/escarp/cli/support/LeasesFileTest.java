package dev.escarp.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.client.LeaseRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeasesFileTest {

  @TempDir Path dir;

  @Test
  void theFileIsOwnerOnly_andSurvivesARoundTrip() throws Exception {
    LeasesFile file = new LeasesFile(dir.resolve("leases.json"));
    file.add(lease(3, "bob", "secret-token"), "http://127.0.0.1:1");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())));
    LeasesFile.Entry entry = file.entries().get(0);
    assertEquals(3, entry.slot());
    assertEquals("bob", entry.holder());
    assertEquals("secret-token", entry.leaseToken());
    file.removeIf(e -> e.slot() == 3);
    assertEquals(List.of(), file.entries());
  }

  @Test
  void concurrentWriters_keepEveryEntry() throws Exception {
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int slot = i;
      // separate instances, as separate CLI processes would have
      writers.add(new Thread(() -> new LeasesFile(dir.resolve("leases.json"))
          .add(lease(slot, "h" + slot, "t" + slot), "http://127.0.0.1:1")));
    }
    writers.forEach(Thread::start);
    for (Thread t : writers) {
      t.join();
    }
    assertEquals(8, new LeasesFile(dir.resolve("leases.json")).entries().size());
  }

  @Test
  void escarpLeasesFile_overridesTheDefaultPlace() {
    Path custom = dir.resolve("elsewhere.json");
    assertEquals(custom, LeasesFile.of(Map.of("ESCARP_LEASES_FILE", custom.toString()),
        dir.resolve("leases.json")).file());
  }

  private static LeaseRecord lease(int slot, String holder, String token) {
    ObjectNode json = new ObjectMapper().createObjectNode().put("slot", slot).put("holder", holder)
        .put("lease_token", token).put("acquired_at", 1.5);
    return new LeaseRecord(json);
  }
}
