package dev.escarp.broker.profiles;

import dev.escarp.cdp.storage.StorageState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** An auth profile as stored: its logins, when they were saved, and how long they may be used. */
public record StoredProfile(String name, StorageState state, Instant savedAt, Optional<Duration> maxAge) {

  public Optional<Instant> expiresAt() {
    return maxAge.map(savedAt::plus);
  }

  public boolean isExpired(Instant now) {
    return expiresAt().map(at -> !now.isBefore(at)).orElse(false);
  }
}
