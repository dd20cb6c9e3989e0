package dev.escarp.core.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The journal's entries as JSON. A copy of format 2 is one JSON document,
 * {@code {"format":2,"seq":N,"crc32c":"xxxxxxxx","leases":[...]}}, then whitespace up to the
 * file's old length (a copy is rewritten in place, never cut, see {@link JournalCopy}). The
 * checksum is CRC-32C over the document with its own eight hex digits as zeros, so a copy whose
 * write was cut short, or that holds an old tail, reads as damaged as a whole. Format 1 (escarp
 * before in-place copies) is the same document without seq and checksum.
 */
final class JournalCodec {

  static final int FORMAT = 2;
  private static final byte[] CRC_FIELD = "\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int CRC_DIGITS = 8;

  /** A copy as read: its sequence number and leases array, or why it cannot be trusted. */
  sealed interface Read {
    record Valid(long seq, JsonNode leases) implements Read {}

    record Damaged(String why) implements Read {}
  }

  private JournalCodec() {}

  static byte[] render(List<LeaseJournal.Entry> entries, long seq) {
    ObjectNode root = JsonTrees.object();
    root.put("format", FORMAT);
    root.put("seq", seq);
    root.put("crc32c", "0".repeat(CRC_DIGITS));
    ArrayNode leases = root.putArray("leases");
    for (LeaseJournal.Entry e : entries) {
      write(leases.addObject(), e);
    }
    byte[] doc = JsonTrees.bytes(root);
    int at = crcOffset(doc);
    byte[] hex = String.format("%08x", crc(doc, at)).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, doc, at, CRC_DIGITS);
    byte[] out = new byte[doc.length + 1];
    System.arraycopy(doc, 0, out, 0, doc.length);
    out[doc.length] = '\n';
    return out;
  }

  /** A format 2 copy's bytes, checked whole. */
  static Read read(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && isWhitespace(bytes[end - 1])) {
      end--;
    }
    if (end == 0) {
      return new Read.Damaged("empty");
    }
    byte[] doc = java.util.Arrays.copyOf(bytes, end);
    int at = crcOffset(doc);
    if (at < 0 || at + CRC_DIGITS > doc.length) {
      return new Read.Damaged("no checksum");
    }
    String stated = new String(doc, at, CRC_DIGITS, StandardCharsets.US_ASCII);
    String actual = String.format("%08x", crc(doc, at));
    if (!stated.equals(actual)) {
      return new Read.Damaged("checksum " + stated + " does not match the content's " + actual
          + " (a write cut short, or an old tail)");
    }
    try {
      JsonNode root = JsonTrees.parse(doc);
      JsonNode leases = root.get("leases");
      if (root.path("format").asInt() != FORMAT || !root.path("seq").isIntegralNumber()
          || leases == null || !leases.isArray()) {
        return new Read.Damaged("not a format " + FORMAT + " lease journal");
      }
      return new Read.Valid(root.get("seq").asLong(), leases);
    } catch (IOException | RuntimeException e) {
      return new Read.Damaged("not JSON (" + e.getMessage() + ")");
    }
  }

  /**
   * The entries of a leases array. A damaged entry costs that entry only: it is reported with its
   * slot (when that much is readable) and the rest come back.
   */
  static List<LeaseJournal.Entry> entries(JsonNode leases, Consumer<String> damaged) {
    List<LeaseJournal.Entry> entries = new ArrayList<>();
    for (JsonNode n : leases) {
      try {
        entries.add(entry(n));
      } catch (RuntimeException e) {
        JsonNode slot = n.path("slot");
        damaged.accept("(" + (slot.isInt() ? "slot " + slot.asInt() : "slot unreadable") + "): " + e.getMessage());
      }
    }
    return entries;
  }

  private static void write(ObjectNode n, LeaseJournal.Entry e) {
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

  private static LeaseJournal.Entry entry(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    String token = requireText(n, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token empty");
    }
    return new LeaseJournal.Entry(
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

  /** Where the checksum's digits start: after the first {@code "crc32c":"}, which precedes the leases. */
  private static int crcOffset(byte[] doc) {
    outer:
    for (int i = 0; i + CRC_FIELD.length <= Math.min(doc.length, 128); i++) {
      for (int j = 0; j < CRC_FIELD.length; j++) {
        if (doc[i + j] != CRC_FIELD[j]) {
          continue outer;
        }
      }
      return i + CRC_FIELD.length;
    }
    return -1;
  }

  private static long crc(byte[] doc, int digitsAt) {
    CRC32C crc = new CRC32C();
    crc.update(doc, 0, digitsAt);
    for (int i = 0; i < CRC_DIGITS; i++) {
      crc.update('0');
    }
    crc.update(doc, digitsAt + CRC_DIGITS, doc.length - digitsAt - CRC_DIGITS);
    return crc.getValue();
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
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
