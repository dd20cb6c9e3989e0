package dev.escarp.cdp.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A browser's logins in Playwright's {@code storageState} JSON: cookies, and localStorage per
 * origin. Reading one that is not one fails with a message that names the field, never a value.
 */
public record StorageState(List<StoredCookie> cookies, List<OriginStorage> origins) {

  public StorageState {
    cookies = List.copyOf(cookies);
    origins = List.copyOf(origins);
  }

  public static StorageState empty() {
    return new StorageState(List.of(), List.of());
  }

  /** The origins with storage, in order. */
  public Set<String> originNames() {
    Set<String> names = new LinkedHashSet<>();
    origins.forEach(o -> names.add(o.origin()));
    return names;
  }

  /** @throws IllegalArgumentException naming what is wrong (never a cookie value) */
  public static StorageState fromJson(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a storageState is a JSON object with 'cookies' and 'origins'");
    }
    List<StoredCookie> cookies = new ArrayList<>();
    JsonNode c = root.path("cookies");
    if (!c.isMissingNode() && !c.isArray()) {
      throw new IllegalArgumentException("'cookies' must be an array");
    }
    int i = 0;
    for (JsonNode n : c) {
      cookies.add(cookie(n, "cookies[" + i++ + "]"));
    }
    List<OriginStorage> origins = new ArrayList<>();
    JsonNode o = root.path("origins");
    if (!o.isMissingNode() && !o.isArray()) {
      throw new IllegalArgumentException("'origins' must be an array");
    }
    i = 0;
    for (JsonNode n : o) {
      origins.add(origin(n, "origins[" + i++ + "]"));
    }
    return new StorageState(cookies, origins);
  }

  private static StoredCookie cookie(JsonNode n, String at) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    String sameSite = n.path("sameSite").asText("Lax");
    if (!sameSite.equals("Strict") && !sameSite.equals("Lax") && !sameSite.equals("None")) {
      throw new IllegalArgumentException(at + ".sameSite must be Strict, Lax or None");
    }
    return new StoredCookie(text(n, "name", at), text(n, "value", at), text(n, "domain", at),
        n.path("path").asText("/"), n.path("expires").asDouble(-1), n.path("httpOnly").asBoolean(false),
        n.path("secure").asBoolean(false), sameSite);
  }

  private static OriginStorage origin(JsonNode n, String at) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    String origin = text(n, "origin", at);
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".origin is not an origin (scheme://host[:port])");
    }
    if (uri.getScheme() == null || uri.getHost() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException(at + ".origin must be an http or https origin");
    }
    Map<String, String> items = new LinkedHashMap<>();
    JsonNode ls = n.path("localStorage");
    if (!ls.isMissingNode() && !ls.isArray()) {
      throw new IllegalArgumentException(at + ".localStorage must be an array");
    }
    int i = 0;
    for (JsonNode item : ls) {
      String where = at + ".localStorage[" + i++ + "]";
      items.put(text(item, "name", where), text(item, "value", where));
    }
    return new OriginStorage(origin, items);
  }

  private static String text(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(at + "." + field + " must be a string");
    }
    return v.asText();
  }

  /** Playwright's format, as {@code browserContext.storageState()} writes it. */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ArrayNode cs = root.putArray("cookies");
    for (StoredCookie c : cookies) {
      ObjectNode n = cs.addObject().put("name", c.name()).put("value", c.value()).put("domain", c.domain())
          .put("path", c.path());
      if (c.expires() == Math.rint(c.expires()) && Math.abs(c.expires()) < 1e15) {
        n.put("expires", (long) c.expires()); // as Playwright writes -1 and whole seconds
      } else {
        n.put("expires", c.expires());
      }
      n.put("httpOnly", c.httpOnly()).put("secure", c.secure()).put("sameSite", c.sameSite());
    }
    ArrayNode os = root.putArray("origins");
    for (OriginStorage o : origins) {
      ArrayNode items = os.addObject().put("origin", o.origin()).putArray("localStorage");
      o.localStorage().forEach((k, v) -> items.addObject().put("name", k).put("value", v));
    }
    return root;
  }

  /** Counts only: a storage state is credentials. */
  @Override
  public String toString() {
    return "StorageState[" + cookies.size() + " cookie(s), origins " + originNames() + "]";
  }
}
