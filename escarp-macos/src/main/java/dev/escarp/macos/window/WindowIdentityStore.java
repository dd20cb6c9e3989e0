package dev.escarp.macos.window;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.core.config.EscarpHome;
import dev.escarp.core.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Calibrated identities on disk, {@code $ESCARP_HOME/windows/slot-<s>.json}, so that {@code escarp
 * window} and {@code escarp focus} in any process use what calibration found. Written atomically
 * (temp file and rename): a reader never sees half a record.
 */
public final class WindowIdentityStore {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final EscarpHome home;

  public WindowIdentityStore(EscarpHome home) {
    this.home = Objects.requireNonNull(home, "home");
  }

  public Path fileOf(int slot) {
    return home.windowsDir().resolve("slot-" + slot + ".json");
  }

  public void save(SlotWindowIdentity identity) {
    try {
      AtomicFiles.write(fileOf(identity.slot()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(Stored.of(identity)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + fileOf(identity.slot()), e);
    }
  }

  /** The slot's identity; empty when it was never calibrated (or the record is unreadable: calibrate again). */
  public Optional<SlotWindowIdentity> load(int slot) {
    try {
      Stored stored = JSON.readValue(Files.readAllBytes(fileOf(slot)), Stored.class);
      return Optional.of(stored.toIdentity(slot));
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

  /** The file format: escarp 1.x's field names. */
  record Stored(
      @JsonProperty("slot") int slot,
      @JsonProperty("os_window_id") long osWindowId,
      @JsonProperty("owner_pid") long ownerPid,
      @JsonProperty("bounds") List<Integer> bounds,
      @JsonProperty("cdp_window_id") long cdpWindowId,
      @JsonProperty("cdp_target_id") String cdpTargetId,
      @JsonProperty("calibrated_at_ms") long calibratedAtMillis) {

    static Stored of(SlotWindowIdentity id) {
      return new Stored(id.slot(), id.osWindowId(), id.ownerPid(), id.bounds().toList(), id.cdpWindowId(),
          id.cdpTargetId(), id.calibratedAtMillis());
    }

    SlotWindowIdentity toIdentity(int expectedSlot) {
      if (slot != expectedSlot) {
        throw new IllegalStateException("record for slot " + slot + " in slot " + expectedSlot + "'s file");
      }
      return new SlotWindowIdentity(slot, osWindowId, ownerPid, Bounds.fromList(bounds), cdpWindowId,
          Objects.requireNonNull(cdpTargetId), calibratedAtMillis);
    }
  }
}
