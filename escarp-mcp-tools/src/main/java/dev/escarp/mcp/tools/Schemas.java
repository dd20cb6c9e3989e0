package dev.escarp.mcp.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema pieces the tools' input and output schemas are built from, and the slot fields
 * {@code escarp_acquire} and {@code escarp_status} share.
 */
final class Schemas {

  private Schemas() {}

  static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return schema;
  }

  /** A property of one JSON type, or of several ({@code "integer", "null"}). */
  static Map<String, Object> field(String description, String... types) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", types.length == 1 ? types[0] : List.of(types));
    schema.put("description", description);
    return schema;
  }

  static Map<String, Object> with(Map<String, Object> schema, String keyword, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(schema);
    copy.put(keyword, value);
    return copy;
  }

  /** A number or integer within inclusive bounds. */
  static Map<String, Object> range(Map<String, Object> schema, int minimum, int maximum) {
    return with(with(schema, "minimum", minimum), "maximum", maximum);
  }

  static Map<String, Object> devPorts() {
    Map<String, Object> ports = new LinkedHashMap<>();
    ports.put("frontend", field("port for your frontend dev server (3000 + 10 x slot)", "integer"));
    ports.put("backend", field("port for your backend dev server (8000 + 10 x slot)", "integer"));
    ports.put("postgres", field("port for your database (5432 + 10 x slot)", "integer"));
    return with(object(ports, List.of("frontend", "backend", "postgres")), "description",
        "dev ports reserved for the slot's holder, so parallel agents never collide");
  }

  /** Fields of a slot both tools show: transport, dev ports, lease times, window and app identity. */
  static Map<String, Object> slotProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("slot", field("slot index", "integer"));
    p.put("cdp_port", field("the browser's DevTools port on 127.0.0.1", "integer"));
    p.put("cdp_ws_url", field("the DevTools WebSocket URL: in a lease, its own endpoint relayed by the "
        + "daemon, valid only while the lease lasts; null in status records and when the browser does not answer",
        "string", "null"));
    p.put("holder", field("who holds the slot", "string", "null"));
    p.put("tier", field("autonomous (the slot's own profile) or delegated (loaded with an auth profile)",
        "string", "null"));
    p.put("profile", field("the auth profile the lease started with", "string", "null"));
    p.put("reset_policy", field("what the lease's end wipes: tabs (pages only; cookies and storage stay for the "
        + "next holder) or clean (cookies, storage and cache too)", "string", "null"));
    p.put("dev_port", field("the dev server port its holder declared", "integer", "null"));
    p.put("dev_ports", devPorts());
    p.put("acquired_at", field("when the lease began (epoch seconds)", "number", "null"));
    p.put("expires_at", field("when the lease expires without a heartbeat (epoch seconds); null when it cannot "
        + "expire (embedded mode: the lease lasts as long as its holder's process)", "number", "null"));
    p.put("last_heartbeat", field("the lease's last heartbeat (epoch seconds)", "number", "null"));
    p.put("os_window_id", field("OS window id (macOS, when calibrated)", "integer", "null"));
    p.put("owner_pid", field("pid owning the OS window (when calibrated)", "integer", "null"));
    p.put("bounds", field("window bounds [x, y, w, h] (when calibrated)", "array", "null"));
    p.put("cdp_window_id", field("DevTools window id (when calibrated)", "integer", "null"));
    p.put("cdp_target_id", field("DevTools target id of the window (when calibrated)", "string", "null"));
    p.put("calibration_note", field("how the window identity was found", "string", "null"));
    p.put("cua_app_bundle_id", field("per-slot app bundle id for computer-use agents (macOS, --cua-apps)",
        "string", "null"));
    p.put("cua_app_path", field("per-slot app bundle path", "string", "null"));
    p.put("cua_app_name", field("per-slot app name", "string", "null"));
    return p;
  }

  static Map<String, Object> lostLease() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("slot", field("the slot whose lease was lost", "integer"));
    p.put("reason", field("why", "string"));
    p.put("noticed_at", field("when this session noticed (epoch seconds)", "number"));
    Map<String, Object> schema = object(p, List.of("slot", "reason"));
    schema.put("type", List.of("object", "null"));
    schema.put("description", "a lease this session lost without releasing it (expired, or ended by someone "
        + "else); null when none");
    return schema;
  }

  static Map<String, Object> notes() {
    Map<String, Object> schema = field("short advice for driving the browser and keeping the lease", "array");
    schema.put("items", Map.of("type", "string"));
    return schema;
  }
}
