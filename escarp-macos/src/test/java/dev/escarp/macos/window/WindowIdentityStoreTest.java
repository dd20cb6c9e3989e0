package dev.escarp.macos.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.core.config.EscarpHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowIdentityStoreTest {

  private static final SlotWindowIdentity ID =
      new SlotWindowIdentity(3, 812, 4242, new Bounds(112, 112, 1024, 560), 7, "PAGE-1", 1_780_000_000_000L);

  @TempDir Path tmp;

  @Test
  void save_writesEscarp1FieldNamesUnderWindows_andLoadReadsThemBack() throws IOException {
    WindowIdentityStore store = new WindowIdentityStore(new EscarpHome(tmp));

    store.save(ID);

    Path file = tmp.resolve("windows/slot-3.json");
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertEquals(812, json.get("os_window_id").asLong());
    assertEquals(4242, json.get("owner_pid").asLong());
    assertEquals("[112,112,1024,560]", json.get("bounds").toString());
    assertEquals(7, json.get("cdp_window_id").asLong());
    assertEquals("PAGE-1", json.get("cdp_target_id").asText());
    assertEquals(Optional.of(ID), store.load(3));
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temp file left beside it");
    }
  }

  @Test
  void load_ofAnUncalibratedOrUnreadableSlot_isEmpty() throws IOException {
    WindowIdentityStore store = new WindowIdentityStore(new EscarpHome(tmp));
    assertEquals(Optional.empty(), store.load(0));

    Files.createDirectories(tmp.resolve("windows"));
    Files.writeString(tmp.resolve("windows/slot-0.json"), "{\"os_window_id\": ");

    assertEquals(Optional.empty(), store.load(0));
  }

  @Test
  void load_ofARecordInAnotherSlotsFile_isEmpty() throws IOException {
    WindowIdentityStore store = new WindowIdentityStore(new EscarpHome(tmp));
    store.save(ID);
    Files.move(store.fileOf(3), store.fileOf(4));

    assertEquals(Optional.empty(), store.load(4));
  }

  @Test
  void delete_forgetsTheSlot() {
    WindowIdentityStore store = new WindowIdentityStore(new EscarpHome(tmp));
    store.save(ID);

    assertTrue(store.delete(3));
    assertFalse(store.delete(3));
    assertEquals(Optional.empty(), store.load(3));
  }

  @Test
  void wireFields_carryTheSlotRecordNames() {
    assertEquals(
        "{os_window_id=812, owner_pid=4242, bounds=[112, 112, 1024, 560], cdp_window_id=7, cdp_target_id=PAGE-1}",
        ID.wireFields().toString());
  }
}
