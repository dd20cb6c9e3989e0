package dev.escarp.macos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.macos.bundle.CuaAppIdentity;
import dev.escarp.macos.window.WindowIdentityStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each slot's OS identity for its public records: the calibrated window and the per-slot app, as
 * escarp-macos left them under $ESCARP_HOME (null fields where there is none, as on Linux). The
 * daemon and the MCP shim's embedded mode both build records from it, so the two agree. Read from
 * disk at most once per refresh interval per slot, so heartbeats and status stay cheap.
 */
public final class SlotIdentities {

  /** The identity fields every slot and lease record carries, in wire order. */
  public static final List<String> FIELDS = List.of("os_window_id", "owner_pid", "bounds", "cdp_window_id",
      "cdp_target_id", "calibration_note", "cua_app_bundle_id", "cua_app_path", "cua_app_name");

  private final EscarpHome home;
  private final WindowIdentityStore windows;
  private final LoadingCache<Integer, Map<String, Object>> cache;

  public SlotIdentities(EscarpHome home, Duration refresh) {
    this.home = home;
    this.windows = new WindowIdentityStore(home);
    this.cache = Caffeine.newBuilder().expireAfterWrite(refresh).build(this::read);
  }

  /** Every identity field of the slot, in wire order; values are null where unknown. */
  public Map<String, Object> fields(int slot) {
    return cache.get(slot);
  }

  /** Sets every identity field of the slot on a JSON record (null where unknown). */
  public void putInto(ObjectNode record, int slot) {
    fields(slot).forEach((field, value) -> record.set(field, JsonTrees.valueOf(value)));
  }

  private Map<String, Object> read(int slot) {
    Map<String, Object> fields = new LinkedHashMap<>();
    FIELDS.forEach(f -> fields.put(f, null));
    windows.load(slot).ifPresent(identity -> fields.putAll(identity.wireFields()));
    CuaAppIdentity app = CuaAppIdentity.forSlot(home, slot);
    if (Files.isRegularFile(app.appPath().resolve("Contents").resolve("Info.plist"))) {
      fields.putAll(app.leaseFields());
    }
    return Collections.unmodifiableMap(fields);
  }
}
