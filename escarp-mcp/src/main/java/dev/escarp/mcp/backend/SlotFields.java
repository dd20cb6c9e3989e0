package dev.escarp.mcp.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.slot.Slot;
import dev.escarp.macos.SlotIdentities;

/** The parts of a slot's public record that embedded mode builds itself, as the daemon would. */
final class SlotFields {

  static final ObjectMapper JSON = new ObjectMapper();

  private SlotFields() {}

  static ObjectNode identity(Slot slot, String tier, SlotIdentities identities) {
    ObjectNode n = JSON.createObjectNode();
    n.put("slot", slot.index());
    n.put("cdp_port", slot.cdpPort());
    n.putNull("cdp_ws_url");
    n.put("pid", -1);
    n.put("tier", tier);
    ObjectNode dev = n.putObject("dev_ports");
    dev.put("frontend", slot.devPorts().frontend());
    dev.put("backend", slot.devPorts().backend());
    dev.put("postgres", slot.devPorts().postgres());
    identities.putInto(n, slot.index()); // OS window and per-slot app, as escarp-macos recorded them
    return n;
  }

  /** Lease fields for a slot nobody holds, or whose holder cannot expire (embedded mode). */
  static void noExpiry(ObjectNode n, boolean held) {
    n.putNull("acquired_at");
    n.putNull("expires_at");
    n.putNull("last_heartbeat");
    n.put("suspected_stale", false);
    if (held) {
      // A flock lives as long as its process: there is no time after which the slot is sure to be free.
      n.putNull("available_after_s");
      n.putNull("retry_after_s");
    } else {
      n.put("available_after_s", 0.0);
      n.put("retry_after_s", 0.0);
    }
  }
}
