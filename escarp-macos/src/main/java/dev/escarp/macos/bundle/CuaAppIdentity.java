package dev.escarp.macos.bundle;

import dev.escarp.core.config.EscarpHome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A slot's own macOS app identity: what a computer-use agent is told to target. Codex CUA
 * addresses an application, not a window, so each slot gets a distinct bundle.
 *
 * @param slot the slot index
 * @param bundleId {@code dev.escarp.chrome.slot<s>}
 * @param appName {@code Escarp Chrome Slot <s>}: the bundle's name and display name, and the name
 *     of its main executable
 * @param appPath {@code $ESCARP_HOME/cua-apps/Escarp Chrome Slot <s>.app}
 */
public record CuaAppIdentity(int slot, String bundleId, String appName, Path appPath) {

  public static final String BUNDLE_ID_PREFIX = "dev.escarp.chrome.slot";
  public static final String APP_NAME_PREFIX = "Escarp Chrome Slot ";

  public CuaAppIdentity {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, got " + slot);
    }
    Objects.requireNonNull(bundleId, "bundleId");
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(appPath, "appPath");
  }

  /** The identity slot {@code s} has under {@code home}, whether or not its bundle exists yet. */
  public static CuaAppIdentity forSlot(EscarpHome home, int slot) {
    String name = APP_NAME_PREFIX + slot;
    return new CuaAppIdentity(slot, BUNDLE_ID_PREFIX + slot, name, home.cuaAppsDir().resolve(name + ".app"));
  }

  /** The bundle's main executable: what the slot's browser is launched from. */
  public Path executable() {
    return appPath.resolve("Contents").resolve("MacOS").resolve(appName);
  }

  /**
   * The lease-record and {@code escarp_acquire} fields, under escarp 1.x's names: {@code
   * cua_app_bundle_id}, {@code cua_app_name}, {@code cua_app_path}.
   */
  public Map<String, Object> leaseFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("cua_app_bundle_id", bundleId);
    fields.put("cua_app_name", appName);
    fields.put("cua_app_path", appPath.toString());
    return fields;
  }

  /** The null-valued fields of a slot without a per-slot app (the wire form keeps the keys). */
  public static Map<String, Object> absentLeaseFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("cua_app_bundle_id", null);
    fields.put("cua_app_name", null);
    fields.put("cua_app_path", null);
    return fields;
  }
}
