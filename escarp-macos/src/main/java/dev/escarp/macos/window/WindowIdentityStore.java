package dev.escarp.macos.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.files.AtomicFiles;
import dev.escarp.core.json.JsonTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Calibrated identities on disk, {@code $ESCARP_HOME/windows/slot-<s>.json}, so that {@code escarp
 * window} and {@code escarp focus} in any process use what calibration found. Written atomically
 * (temp file and rename): a reader never sees half a record.
 */
public final class WindowIdentityStore {

  private final EscarpHome home;

  public WindowIdentityStore(EscarpHome home) {
    this.home = Objects.requireNonNull(home, "home");
  }

  public Path fileOf(int slot) {
    return home.windowsDir().resolve("slot-" + slot + ".json");
  }

  /** Writes the record under escarp 1.x's field names. */
  public void save(SlotWindowIdentity identity) {
    ObjectNode stored = JsonTrees.object()
        .put("slot", identity.slot())
        .put("os_window_id", identity.osWindowId())
        .put("owner_pid", identity.ownerPid());
    ArrayNode bounds = stored.putArray("bounds");
    identity.bounds().toList().forEach(bounds::add);
    stored.put("cdp_window_id", identity.cdpWindowId())
        .put("cdp_target_id", identity.cdpTargetId())
        .put("calibrated_at_ms", identity.calibratedAtMillis());
    try {
      AtomicFiles.write(fileOf(identity.slot()), JsonTrees.prettyBytes(stored));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + fileOf(identity.slot()), e);
    }
  }

  /** The slot's identity; empty when it was never calibrated (or the record is unreadable: calibrate again). */
  public Optional<SlotWindowIdentity> load(int slot) {
    try {
      JsonNode stored = JsonTrees.parse(Files.readAllBytes(fileOf(slot)));
      if (integer(stored, "slot") != slot) {
        return Optional.empty(); // another slot's record in this slot's file
      }
      List<Integer> bounds = new ArrayList<>();
      for (JsonNode n : required(stored, "bounds")) {
        bounds.add(Math.toIntExact(integer(n)));
      }
      return Optional.of(new SlotWindowIdentity(slot, integer(stored, "os_window_id"),
          integer(stored, "owner_pid"), Bounds.fromList(bounds), integer(stored, "cdp_window_id"),
          text(stored, "cdp_target_id"), integer(stored, "calibrated_at_ms")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      // A torn or foreign file is no identity: the caller reports "not calibrated" and recalibrates.
      return Optional.empty();
    }
  }

  /** Forgets the slot's identity (its browser is gone or relaunched); true when there was one. */
  public boolean delete(int slot) {
    try {
      return Files.deleteIfExists(fileOf(slot));
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + fileOf(slot), e);
    }
  }

  private static JsonNode required(JsonNode record, String field) {
    JsonNode value = record.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("no " + field);
    }
    return value;
  }

  private static long integer(JsonNode record, String field) {
    return integer(required(record, field));
  }

  private static long integer(JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("not an integer: " + value.getNodeType());
    }
    return value.longValue();
  }

  private static String text(JsonNode record, String field) {
    JsonNode value = required(record, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is not text");
    }
    return value.textValue();
  }
}
