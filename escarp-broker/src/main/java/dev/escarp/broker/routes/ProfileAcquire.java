package dev.escarp.broker.routes;

import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.broker.profiles.StoredProfile;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.AcquireResult;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * An acquire with {@code profile} (tier {@code delegated}): the profile must be usable, then is
 * taken (one lease per profile; waiting FIFO within {@code wait_s}), a slot is leased within
 * what is left of the wait, its browser is wiped and loaded with the profile, and only then is
 * the lease answered. The profile is held until the lease ends, however it ends. Used by {@code
 * POST /acquire} and by the relay's connect-to-lease.
 */
public final class ProfileAcquire {

  private final LeaseTable table;
  private final AuthProfiles profiles;
  private final Executor blocking;

  public ProfileAcquire(LeaseTable table, AuthProfiles profiles, Executor blocking) {
    this.table = table;
    this.profiles = profiles;
    this.blocking = blocking;
  }

  /** Completes exceptionally with an {@code ApiException} when the profile cannot be had. */
  public CompletableFuture<AcquireResult> acquire(AcquireRequest request, String name, Duration wait) {
    long started = System.nanoTime();
    return CompletableFuture.supplyAsync(() -> ProfileErrors.call(() -> profiles.usable(name)), blocking)
        .thenCompose(profile -> profiles.lock(name, wait).thenApply(got -> {
          if (!got) {
            throw new CompletionException(ProfileErrors.inUse(name));
          }
          return profile;
        }))
        .thenComposeAsync(profile -> {
          Duration left = wait.minusNanos(System.nanoTime() - started);
          CompletableFuture<AcquireResult> leased;
          try {
            leased = table.acquire(request, left.isNegative() ? Duration.ZERO : left);
          } catch (RuntimeException e) {
            profiles.unlock(name);
            throw e;
          }
          return leased.thenApplyAsync(result -> loaded(result, name, profile), blocking);
        }, blocking);
  }

  private AcquireResult loaded(AcquireResult result, String name, StoredProfile profile) {
    if (!(result instanceof AcquireResult.Granted granted)) {
      profiles.unlock(name);
      return result;
    }
    LeaseToken token = granted.lease().token();
    try {
      ProfileErrors.call(() -> {
        profiles.loadInto(granted.lease().slot(), profile);
        return null;
      });
    } catch (CompletionException e) {
      table.release(token); // its end wipes whatever was loaded
      profiles.unlock(name);
      throw e;
    }
    table.whenEnded(token).ifPresentOrElse(
        ended -> ended.whenComplete((end, error) -> profiles.unlock(name)),
        () -> profiles.unlock(name));
    return result;
  }
}
