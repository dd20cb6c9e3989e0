package dev.escarp.macos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.identity.SlotIdentities;
import dev.escarp.macos.window.Bounds;
import dev.escarp.macos.window.SlotWindowIdentity;
import dev.escarp.macos.window.WindowIdentityStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlotIdentitiesTest {

  @TempDir Path tmp;

  @Test
  void aSlotWithNothingRecorded_hasEveryFieldNull_inWireOrder() {
    SlotIdentities identities = SlotIdentities.load(new EscarpHome(tmp), Duration.ZERO);

    ObjectNode record = new ObjectMapper().createObjectNode();
    identities.putInto(record, 0);

    List<String> names = new ArrayList<>();
    record.fieldNames().forEachRemaining(names::add);
    assertEquals(SlotIdentities.FIELDS, names);
    SlotIdentities.FIELDS.forEach(f -> assertTrue(record.get(f).isNull(), f));
  }

  @Test
  void aCalibratedWindowAndAPerSlotApp_appearInTheSlotsRecord() throws Exception {
    EscarpHome home = new EscarpHome(tmp);
    new WindowIdentityStore(home).save(
        new SlotWindowIdentity(2, 812, 4242, new Bounds(112, 112, 1024, 560), 7, "PAGE-1", 1_780_000_000_000L));
    Path plist = home.cuaAppsDir().resolve("Escarp Chrome Slot 2.app/Contents/Info.plist");
    Files.createDirectories(plist.getParent());
    Files.writeString(plist, "<plist/>");
    SlotIdentities identities = SlotIdentities.load(home, Duration.ZERO);

    ObjectNode record = new ObjectMapper().createObjectNode();
    identities.putInto(record, 2);

    assertEquals(812, record.get("os_window_id").asLong());
    assertEquals(4242, record.get("owner_pid").asLong());
    assertEquals("[112,112,1024,560]", record.get("bounds").toString());
    assertEquals("PAGE-1", record.get("cdp_target_id").asText());
    assertEquals("dev.escarp.chrome.slot2", record.get("cua_app_bundle_id").asText());
    assertEquals("Escarp Chrome Slot 2", record.get("cua_app_name").asText());
    assertEquals(plist.getParent().getParent().toString(), record.get("cua_app_path").asText());
    assertTrue(record.get("calibration_note").isNull());
  }

  @Test
  void withinTheRefreshInterval_theRecordedIdentityIsNotReadAgain() throws Exception {
    EscarpHome home = new EscarpHome(tmp);
    SlotIdentities identities = SlotIdentities.load(home, Duration.ofHours(1));
    assertNull(identities.fields(1).get("os_window_id"));

    new WindowIdentityStore(home).save(
        new SlotWindowIdentity(1, 9, 10, new Bounds(0, 0, 800, 600), 1, "T", 1_780_000_000_000L));

    assertNull(identities.fields(1).get("os_window_id"), "cached until the interval passes");
    assertEquals(9L, ((Number) SlotIdentities.load(home, Duration.ZERO).fields(1).get("os_window_id")).longValue());
  }
}
