package dev.escarp.core.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The lease table on disk: every active lease with its token and wall-clock times, written
 * atomically (temp file + rename, mode 0600; no fsync: a crash of the host may lose the last
 * change, a crash of the daemon never) so that a crash at any instant leaves either the old
 * or the new table, never half of one.
 */
final class LeaseJournal {

  private static final int FORMAT = 1;

  record Entry(int slot, String holder, String token, OptionalInt devPort,
      long acquiredAtMillis, long expiresAtMillis, long lastHeartbeatMillis, Optional<LeaseIdentity> identity,
      Optional<String> leaseId) {}

  private final Path file;
  /** This table's own temp file name part: two tables on one home (two daemons) never share one. */
  private final String writer = ProcessHandle.current().pid() + "-"
      + Integer.toHexString(new java.security.SecureRandom().nextInt());

  LeaseJournal(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /**
   * The saved leases, entry by entry. A damaged entry costs that entry only: it is reported with
   * its slot (when that much is readable) and the rest come back; the file is copied aside first
   * ({@code .corrupt}), as the next write replaces it. A file that is not a journal at all (not
   * JSON, no {@code leases} array) is moved aside and the table starts with no leases. Never fatal.
   */
  List<Entry> load(Consumer<String> problems) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      problems.accept("cannot read lease journal " + file + ": " + e.getMessage());
      return List.of();
    }
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    JsonNode leases;
    try {
      leases = JsonTrees.parse(bytes).get("leases");
      if (leases == null || !leases.isArray()) {
        throw new IllegalArgumentException("no leases array");
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // reported below either way
      }
      problems.accept("lease journal " + file + " is not a lease journal (" + e.getMessage() + "; moved to "
          + aside + "); starting with no leases");
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    List<String> damaged = new ArrayList<>();
    for (JsonNode n : leases) {
      try {
        entries.add(entry(n));
      } catch (RuntimeException e) {
        JsonNode slot = n.path("slot");
        damaged.add("dropping a damaged entry of lease journal " + file + " ("
            + (slot.isInt() ? "slot " + slot.asInt() : "slot unreadable") + "): " + e.getMessage());
      }
    }
    if (!damaged.isEmpty()) {
      try {
        Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        problems.accept("cannot copy the damaged lease journal " + file + " to " + aside + ": " + e.getMessage());
      }
      damaged.forEach(d -> problems.accept(d + " (the journal as read is kept in " + aside + ")"));
    }
    return entries;
  }

  private static Entry entry(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    String token = requireText(n, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token empty");
    }
    return new Entry(
        requireInt(n, "slot"),
        requireText(n, "holder"),
        token,
        n.path("dev_port").isInt() ? OptionalInt.of(n.get("dev_port").asInt()) : OptionalInt.empty(),
        requireLong(n, "acquired_at_ms"),
        requireLong(n, "expires_at_ms"),
        requireLong(n, "last_heartbeat_ms"),
        identity(n),
        leaseId(n));
  }

  /** Journals written before identities carry none: their leases get the table's default. */
  private static Optional<LeaseIdentity> identity(JsonNode n) {
    if (!n.has("tier")) {
      return Optional.empty();
    }
    JsonNode profile = n.path("profile");
    JsonNode client = n.path("client");
    return Optional.of(new LeaseIdentity(LeaseIdentity.Tier.parse(requireText(n, "tier")),
        profile.isTextual() ? Optional.of(profile.asText()) : Optional.empty(), requireText(n, "reset_policy"),
        client.isTextual() ? Optional.of(client.asText()) : Optional.empty()));
  }

  /** Journals written before lease ids carry none: such a lease gets a new one when restored. */
  private static Optional<String> leaseId(JsonNode n) {
    JsonNode id = n.path("lease_id");
    return id.isTextual() && LeaseIds.isWellFormed(id.asText()) ? Optional.of(id.asText()) : Optional.empty();
  }

  void save(List<Entry> entries) throws IOException {
    ObjectNode root = JsonTrees.object();
    root.put("format", FORMAT);
    ArrayNode leases = root.putArray("leases");
    for (Entry e : entries) {
      ObjectNode n = leases.addObject();
      n.put("slot", e.slot());
      n.put("holder", e.holder());
      n.put("token", e.token());
      if (e.devPort().isPresent()) {
        n.put("dev_port", e.devPort().getAsInt());
      }
      n.put("acquired_at_ms", e.acquiredAtMillis());
      n.put("expires_at_ms", e.expiresAtMillis());
      n.put("last_heartbeat_ms", e.lastHeartbeatMillis());
      e.identity().ifPresent(id -> {
        n.put("tier", id.tier().wireName());
        id.profile().ifPresent(p -> n.put("profile", p));
        n.put("reset_policy", id.resetPolicy());
        id.client().ifPresent(c -> n.put("client", c));
      });
      e.leaseId().ifPresent(id -> n.put("lease_id", id));
    }
    AtomicFiles.replace(file, JsonTrees.bytes(root), writer); // created 0600, a temp file of this table's own
  }

  private static int requireInt(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isInt()) {
      throw new IllegalArgumentException(field + " missing");
    }
    return v.asInt();
  }

  private static long requireLong(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " missing");
    }
    return v.asLong();
  }

  private static String requireText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " missing");
    }
    return v.asText();
  }
}
