package dev.escarp.broker.profiles;

import dev.escarp.cdp.discovery.VersionProbe;
import dev.escarp.cdp.reset.CdpSlotResetter;
import dev.escarp.cdp.storage.StorageState;
import dev.escarp.core.slot.Slot;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The daemon's auth profiles (the {@code delegated} tier): the encrypted store, one lease per
 * profile at a time, and moving a profile into and out of a leased browser. Blocking: the routes
 * call it on the daemon's blocking executor. Never logs or returns a cookie value except through
 * {@link #state}, the export.
 */
public final class AuthProfiles implements AutoCloseable {

  /** One row of {@code GET /profiles}: counts and times, never values. */
  public record Summary(String name, List<String> origins, int cookies, Optional<Instant> savedAt,
      Optional<Instant> expiresAt, boolean inUse, int waiting, Optional<String> problem) {}

  private final ProfileStore store;
  private final ProfileLocks locks = new ProfileLocks();
  private final ProfileBrowsers browsers;
  private final Clock clock;

  public AuthProfiles(ProfileStore store, VersionProbe probe, CdpSlotResetter wiper, CleanSlots cleanSlots,
      Clock clock) {
    this.store = store;
    this.browsers = new ProfileBrowsers(probe, wiper, cleanSlots);
    this.clock = clock;
  }

  /** The profile, if it exists, decrypts and has not outlived its maximum age. */
  public StoredProfile usable(String name) throws ProfileException {
    StoredProfile profile = store.read(name);
    if (profile.isExpired(clock.instant())) {
      throw new ProfileException(ProfileException.Kind.EXPIRED, "auth profile '" + name + "' expired at "
          + profile.expiresAt().orElseThrow() + " (max_age_s " + profile.maxAge().orElseThrow().toSeconds()
          + "); log in again: escarp profile login " + name + " --url URL");
    }
    return profile;
  }

  /** True once the caller holds the profile; false if {@code wait} ran out. See {@link ProfileLocks}. */
  public CompletableFuture<Boolean> lock(String name, Duration wait) {
    return locks.acquire(name, wait);
  }

  public void unlock(String name) {
    locks.release(name);
  }

  /** A lease restored after a restart holds its profile until it ends. */
  public void holdRestored(String name, CompletableFuture<?> leaseEnded) {
    locks.hold(name);
    leaseEnded.whenComplete((end, error) -> locks.release(name));
  }

  /** Loads the profile into the slot's browser, wiping it first unless it is known clean. */
  public void loadInto(Slot slot, StoredProfile profile) throws ProfileException {
    browsers.load(slot, profile.state());
  }

  /**
   * Saves the browser's cookies and the localStorage of the profile's origins (those it had, and
   * those of the pages open now) back into the profile, keeping its maximum age.
   */
  public StoredProfile saveFrom(Slot slot, String name) throws ProfileException {
    Optional<StoredProfile> before;
    try {
      before = Optional.of(store.read(name));
    } catch (ProfileException e) {
      if (e.kind() != ProfileException.Kind.UNKNOWN) {
        throw e;
      }
      before = Optional.empty(); // removed meanwhile: the lease's logins make it anew
    }
    Set<String> origins = new LinkedHashSet<>();
    before.ifPresent(p -> origins.addAll(p.state().originNames()));
    origins.addAll(browsers.pageOrigins(slot));
    StorageState state = browsers.read(slot, origins);
    return store.save(name, state, before.flatMap(StoredProfile::maxAge), clock.instant());
  }

  /** Creates or replaces a profile from a storageState. */
  public StoredProfile put(String name, StorageState state, Optional<Duration> maxAge) throws ProfileException {
    return store.save(name, state, maxAge, clock.instant());
  }

  /** The decrypted storageState, for export. */
  public StorageState state(String name) throws ProfileException {
    return store.read(name).state();
  }

  /** @throws ProfileException (UNKNOWN) when there is no such profile */
  public void delete(String name) throws ProfileException {
    if (!store.delete(name)) {
      store.read(name); // throws UNKNOWN with the usual message
    }
  }

  public int waiting(String name) {
    return locks.waiting(name);
  }

  public boolean inUse(String name) {
    return locks.isHeld(name);
  }

  public List<Summary> list() throws IOException {
    List<Summary> rows = new ArrayList<>();
    for (String name : store.names()) {
      try {
        StoredProfile p = store.read(name);
        rows.add(new Summary(name, List.copyOf(p.state().originNames()), p.state().cookies().size(),
            Optional.of(p.savedAt()), p.expiresAt(), locks.isHeld(name), locks.waiting(name), Optional.empty()));
      } catch (ProfileException e) {
        rows.add(new Summary(name, List.of(), 0, Optional.empty(), Optional.empty(), locks.isHeld(name),
            locks.waiting(name), Optional.of(e.getMessage())));
      }
    }
    return rows;
  }

  @Override
  public void close() {
    browsers.close();
  }
}
