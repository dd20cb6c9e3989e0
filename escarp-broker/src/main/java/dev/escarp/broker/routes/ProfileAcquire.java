package dev.escarp.broker.routes;

import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.broker.profiles.StoredProfile;
import dev.escarp.core.lease.AcquireRequest;
import dev.escarp.core.lease.AcquireResult;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseEnd;
import dev.escarp.core.lease.LeaseIdentity;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An acquire with {@code profile} (tier {@code delegated}): the profile must be usable, then is
 * taken (one lease per profile; waiting FIFO within {@code wait_s}), a slot is leased within
 * what is left of the wait, its browser is wiped and loaded with the profile, and only then is
 * the lease answered. The profile is held until the lease ends, however it ends. Used by {@code
 * POST /acquire} and by the relay's connect-to-lease.
 */
public final class ProfileAcquire {

  /** The longest a profile stays held after its supervised lease ended, waiting for its save-back. */
  private static final Duration SAVE_BACK_WAIT = Duration.ofSeconds(60);

  private final LeaseTable table;
  private final AuthProfiles profiles;
  private final Executor blocking;
  /** Completes when what follows a lease's end (a supervised save-back) is done. */
  private final Function<Lease, CompletableFuture<Void>> endDone;

  public ProfileAcquire(LeaseTable table, AuthProfiles profiles, Executor blocking) {
    this(table, profiles, blocking, lease -> CompletableFuture.completedFuture(null));
  }

  /**
   * @param endDone for a supervised lease, completes once its profile was saved back: the
   *     profile is held until then, so the next lease of it loads what was saved
   */
  ProfileAcquire(LeaseTable table, AuthProfiles profiles, Executor blocking,
      Function<Lease, CompletableFuture<Void>> endDone) {
    this.table = table;
    this.profiles = profiles;
    this.blocking = blocking;
    this.endDone = endDone;
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
    Lease lease = granted.lease();
    boolean supervised = lease.identity().tier() == LeaseIdentity.Tier.SUPERVISED;
    table.whenEnded(token).ifPresentOrElse(
        ended -> ended.thenCompose(end -> supervised && end.reason() != LeaseEnd.Reason.TABLE_CLOSED
                ? endDone.apply(lease).completeOnTimeout(null, SAVE_BACK_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                : CompletableFuture.<Void>completedFuture(null))
            .whenComplete((end, error) -> profiles.unlock(name)),
        () -> profiles.unlock(name));
    return result;
  }
}
