package dev.escarp.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.cli.CliContext;
import dev.escarp.cli.CliException;
import dev.escarp.cli.ExitCodes;
import dev.escarp.cli.support.MacIdentity;
import dev.escarp.client.BrokerClient;
import dev.escarp.client.SlotRecord;
import dev.escarp.core.slot.Slot;
import dev.escarp.macos.bundle.CuaAppIdentity;
import dev.escarp.macos.window.WindowCheckResult;
import dev.escarp.macos.window.WindowReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escarp window <slot>}: a slot's identity, as far as this platform can tell it. */
@Command(name = "window", mixinStandardHelpOptions = true,
    description = {"Show a slot's identity, checked live.",
        "Its CDP port and URL, and on macOS its per-slot app or OS window (alive, owner, bounds",
        "drift, and with --verify-key whether it is the key window). Exit 1 when a calibrated",
        "window fails the check."})
public final class WindowCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "SLOT", description = "The slot.")
  private int slot;

  @Option(names = "--json", description = "Print JSON.")
  private boolean json;

  @Option(names = "--verify-key", description = "macOS: also check that the window is the key window.")
  private boolean verifyKey;

  private final CliContext context;

  public WindowCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (slot < 0) {
      throw new CliException(ExitCodes.USAGE, "slot must be >= 0, got " + slot);
    }
    Slot s = context.layout(context.poolConfig()).slot(slot);
    Optional<SlotRecord> record = Optional.empty();
    BrokerClient broker = context.broker();
    if (broker.isServing()) {
      record = broker.status().value().flatMap(st -> st.slot(slot));
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("slot", slot);
    out.put("cdp_port", s.cdpPort());
    out.put("cdp_ws_url", record.flatMap(SlotRecord::cdpWsUrl).orElse(null));
    out.put("state", record.map(SlotRecord::state).orElse(null));
    List<String> notes = new ArrayList<>();
    boolean failed = MacIdentity.with(context, mac -> {
      mac.bundles().installed(slot).map(CuaAppIdentity::leaseFields).orElse(CuaAppIdentity.absentLeaseFields())
          .forEach((k, v) -> put(out, k, v));
      WindowCheckResult check = mac.window(slot, verifyKey);
      if (check instanceof WindowCheckResult.Checked checked) {
        WindowReport r = checked.report();
        r.identity().wireFields().forEach((k, v) -> put(out, k, v));
        out.put("verified_alive", r.alive());
        out.put("owner_matches", r.ownerMatches());
        out.put("on_screen", r.onScreen());
        r.drift().ifPresent(d -> out.put("bounds_drift", d));
        r.isKey().ifPresent(k -> out.put("is_key", k));
        out.put("verified", r.verified());
        notes.addAll(r.notes());
        return !r.verified();
      }
      out.putNull("os_window_id");
      out.put("verified_alive", false);
      if (check instanceof WindowCheckResult.NotCalibrated not) {
        notes.add(not.note());
        return false;
      }
      if (check instanceof WindowCheckResult.Failed f) {
        notes.add(f.reason());
        return true;
      }
      notes.add(((WindowCheckResult.Unavailable) check).reason() + "; drive this slot over CDP");
      return false;
    });
    out.put("note", String.join(" ", notes));
    if (json) {
      context.out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } else {
      context.out().printf("slot %d%n", slot);
      out.fields().forEachRemaining(field -> {
        JsonNode v = field.getValue();
        if (!field.getKey().equals("slot")) {
          context.out().printf("  %-18s %s%n", field.getKey() + ":",
              v.isNull() ? "(none)" : v.isTextual() ? v.asText() : v.toString());
        }
      });
    }
    return failed ? ExitCodes.FAILURE : ExitCodes.OK;
  }

  private static void put(ObjectNode out, String field, Object value) {
    if (value == null) {
      out.putNull(field);
    } else if (value instanceof Number || value instanceof Boolean || value instanceof List) {
      out.set(field, JSON.valueToTree(value));
    } else {
      out.put(field, value.toString());
    }
  }
}
