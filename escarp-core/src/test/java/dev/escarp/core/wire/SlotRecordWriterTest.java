package dev.escarp.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.identity.SlotIdentities;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.lease.SlotState;
import dev.escarp.core.slot.SlotLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire contract's record forms, byte for byte: the daemon's and the MCP shim's records both come from here. */
class SlotRecordWriterTest {

  @TempDir Path tmp;

  private SlotRecordWriter writer() {
    return new SlotRecordWriter(SlotIdentities.load(new EscarpHome(tmp), Duration.ofSeconds(2)), "autonomous");
  }

  private SlotLayout layout() {
    return new SlotLayout(new EscarpHome(tmp), 9300, "autonomous");
  }

  @Test
  void aFreeSlot_isWrittenInWireOrder_withNullIdentityFieldsWhenNoProviderIsInstalled() {
    ObjectNode record = writer().publicRecord(SlotRecordValues.of(layout().slot(1), SlotState.FREE)
        .browser(Optional.of("ws://127.0.0.1:9301/devtools/browser/x"), 4242).build());

    assertEquals("{\"slot\":1,\"cdp_port\":9301,\"cdp_ws_url\":\"ws://127.0.0.1:9301/devtools/browser/x\","
        + "\"pid\":4242,\"tier\":\"autonomous\",\"profile\":null,\"reset_policy\":\"tabs\",\"client\":null,\"dev_ports\":{\"frontend\":3010,\"backend\":8010,\"postgres\":5442},"
        + "\"state\":\"free\",\"holder\":null,\"dev_port\":null,\"acquired_at\":null,\"expires_at\":null,"
        + "\"last_heartbeat\":null,\"os_window_id\":null,\"owner_pid\":null,\"bounds\":null,\"cdp_window_id\":null,"
        + "\"cdp_target_id\":null,\"calibration_note\":null,\"cua_app_bundle_id\":null,\"cua_app_path\":null,"
        + "\"cua_app_name\":null,\"suspected_stale\":false,\"available_after_s\":0.0,\"retry_after_s\":0.0,"
        + "\"holder_pid\":null,\"problem\":null,\"lease_id\":null,\"backend\":\"local\",\"remote_name\":null}", JsonTrees.text(record));
  }

  @Test
  void aLeaseRecord_isThePublicRecordThenTheToken_withTimesInEpochSecondsAndWaitsToTheMillisecond() {
    Instant acquired = Instant.ofEpochMilli(1_780_000_000_250L);
    ObjectNode record = writer().leaseRecord(SlotRecordValues.of(layout().slot(0), SlotState.LEASED)
        .holder(Optional.of("agent"), OptionalLong.empty())
        .devPort(OptionalInt.of(3000))
        .times(Optional.of(acquired), Optional.of(acquired.plusSeconds(60)), Optional.of(acquired))
        .availableAfter(OptionalDouble.of(60.0504))
        .build(), LeaseToken.of("secret-token"));

    assertEquals(1_780_000_000.25, record.get("acquired_at").asDouble());
    assertEquals(60.05, record.get("available_after_s").asDouble());
    assertEquals(60.05, record.get("retry_after_s").asDouble());
    assertEquals("agent", record.get("holder").asText());
    assertEquals("lease_token", lastField(record));
    assertEquals("secret-token", record.get("lease_token").asText());
  }

  @Test
  void aHolderWithoutExpiry_hasNullAvailability_asInTheShimsEmbeddedMode() {
    ObjectNode record = writer().publicRecord(SlotRecordValues.of(layout().slot(0), SlotState.EXTERNAL)
        .holder(Optional.empty(), OptionalLong.of(77)).availableAfter(OptionalDouble.empty()).build());

    assertEquals("external", record.get("state").asText());
    assertEquals(77, record.get("holder_pid").asLong());
    assertEquals(-1, record.get("pid").asLong());
    assertEquals(true, record.get("available_after_s").isNull());
    assertEquals(true, record.get("retry_after_s").isNull());
    assertFalse(record.has("lease_token"));
  }

  private static String lastField(ObjectNode record) {
    String last = null;
    for (var names = record.fieldNames(); names.hasNext(); ) {
      last = names.next();
    }
    return last;
  }
}
