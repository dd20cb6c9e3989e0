package dev.escarp.core.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import dev.escarp.core.slot.RemoteBrowser;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pool.json's {@code remote} list: {@code [{"name": "...", "url": "http://host:9222", "headers":
 * {...}}]}. A bad entry costs that entry (reported by position), never the rest.
 */
final class RemoteList {

  private RemoteList() {}

  static List<RemoteBrowser> read(JsonNode node, String where, List<String> problems) {
    List<RemoteBrowser> remotes = new ArrayList<>();
    if (node == null || node.isNull()) {
      return remotes;
    }
    if (!node.isArray()) {
      problems.add(where + ": remote must be a list of {name, url, headers}, got " + node.getNodeType() + "; ignoring it");
      return remotes;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      try {
        RemoteBrowser remote = entry(entry);
        if (!names.add(remote.name())) {
          throw new IllegalArgumentException("the name '" + remote.name() + "' is taken by an earlier entry");
        }
        remotes.add(remote);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": remote[" + i + "] ignored: " + e.getMessage());
      }
    }
    return remotes;
  }

  private static RemoteBrowser entry(JsonNode entry) {
    if (entry == null || !entry.isObject()) {
      throw new IllegalArgumentException("an entry must be an object {name, url, headers}");
    }
    JsonNode url = entry.get("url");
    if (url == null || !url.isTextual() || url.asText().isBlank()) {
      throw new IllegalArgumentException("url must be a string (http://host:port or ws://host:port/...)");
    }
    URI uri = URI.create(url.asText().strip());
    JsonNode name = entry.get("name");
    String chosen = name != null && name.isTextual() ? name.asText() : RemoteBrowser.nameFor(uri);
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode given = entry.get("headers");
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        throw new IllegalArgumentException("headers must be an object of strings");
      }
      given.fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    }
    return new RemoteBrowser(chosen, uri, headers);
  }

  static ArrayNode write(List<RemoteBrowser> remotes) {
    ArrayNode list = JsonTrees.array();
    for (RemoteBrowser remote : remotes) {
      ObjectNode entry = list.addObject();
      entry.put("name", remote.name());
      entry.put("url", remote.url().toString());
      if (!remote.headers().isEmpty()) {
        ObjectNode headers = entry.putObject("headers");
        remote.headers().forEach(headers::put);
      }
    }
    return list;
  }
}
