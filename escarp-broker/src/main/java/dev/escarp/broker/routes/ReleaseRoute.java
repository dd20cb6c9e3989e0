package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiRequest;
import dev.escarp.broker.http.ApiResponse;
import dev.escarp.broker.http.Route;
import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.broker.profiles.ProfileException;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseTable;
import dev.escarp.core.lease.LeaseToken;
import dev.escarp.core.lease.ReleaseResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code POST /release {lease_token, save_profile?}}: ends the lease and answers at once with the
 * slot's record ({@code resetting} until the browser's reset is done). With {@code save_profile},
 * the lease's logins are first saved into its auth profile; if that fails, the lease stays.
 */
final class ReleaseRoute implements Route {

  private final LeaseTable table;
  private final SlotRecords records;
  private final Executor blocking;
  private final AuthProfiles profiles;

  ReleaseRoute(LeaseTable table, SlotRecords records, Executor blocking, AuthProfiles profiles) {
    this.profiles = profiles;
    this.table = table;
    this.records = records;
    this.blocking = blocking;
  }

  @Override
  public CompletableFuture<ApiResponse> handle(ApiRequest request) {
    RequestBody body = RequestBody.parse(request.body());
    LeaseToken token = body.requiredToken();
    boolean save = body.optionalFlag("save_profile");
    return CompletableFuture.supplyAsync(() -> {
      if (save) {
        saveProfile(token);
      }
      return table.release(token);
    }, blocking).thenApply(result -> {
      if (result instanceof ReleaseResult.Released released) {
        return ApiResponse.ok(records.publicRecord(released.slot()));
      }
      if (result instanceof ReleaseResult.NotSaved notSaved) {
        throw Leases.journalUnwritable("the lease was not released and is still active", notSaved.problem());
      }
      throw Leases.unknownLease();
    });
  }

  private void saveProfile(LeaseToken token) {
    Lease lease = table.lease(token).orElseThrow(Leases::unknownLease);
    String name = lease.identity().profile().orElseThrow(() -> ApiException.badField(
        "'save_profile' needs a lease acquired with a profile; this one has none"));
    try {
      profiles.saveFrom(lease.slot(), name);
    } catch (ProfileException e) {
      throw new ApiException(409, "profile_not_saved", "the lease was not released and is still active: "
          + e.getMessage() + "; release again, with or without save_profile");
    }
  }
}
