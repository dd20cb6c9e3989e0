package dev.escarp.broker.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code $ESCARP_HOME/lease-news.json}: what happened to each slot's browser under its current
 * lease ({@code problem}, {@code browser_restarts}), so a daemon restarted while leases are
 * restored still tells their holders. Written only when the news changes (a browser died or came
 * back), never on a request path; a damaged file costs the news, nothing else.
 */
final class LeaseNewsFile {

  private static final System.Logger LOG = System.getLogger(LeaseNewsFile.class.getName());

  private final Path file;

  LeaseNewsFile(Path file) {
    this.file = file;
  }

  Map<Integer, BrowserDirectory.LeaseNews> load() {
    Map<Integer, BrowserDirectory.LeaseNews> news = new HashMap<>();
    try {
      JsonNode root = JsonTrees.parse(Files.readAllBytes(file));
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("slots").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode n = e.getValue();
        news.put(Integer.parseInt(e.getKey()), new BrowserDirectory.LeaseNews(
            Instant.parse(n.path("lease_acquired_at").asText()), n.path("problem").asText(), n.path("restarts").asInt()));
      }
    } catch (NoSuchFileException e) {
      // nothing happened yet
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "ignoring " + file + " (" + e + "): leases restored now do not show earlier browser restarts");
      news.clear();
    }
    return news;
  }

  void save(Map<Integer, BrowserDirectory.LeaseNews> news) {
    ObjectNode slots = JsonTrees.object();
    news.forEach((slot, n) -> slots.set(Integer.toString(slot), JsonTrees.object()
        .put("lease_acquired_at", n.leaseAcquiredAt().toString())
        .put("problem", n.problem())
        .put("restarts", n.restarts())));
    ObjectNode root = JsonTrees.object();
    root.set("slots", slots);
    try {
      AtomicFiles.write(file, JsonTrees.bytes(root));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot write " + file + ": " + e + " (a daemon restart would forget browser restarts)");
    }
  }

}
