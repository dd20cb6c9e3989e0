package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;
import dev.escarp.broker.profiles.ProfileException;
import java.util.concurrent.CompletionException;

/** Auth-profile refusals in the wire contract's terms. Messages never carry cookie values. */
final class ProfileErrors {

  private ProfileErrors() {}

  static ApiException of(ProfileException e) {
    return switch (e.kind()) {
      case UNKNOWN -> new ApiException(404, "unknown_profile", e.getMessage());
      case EXPIRED -> new ApiException(409, "profile_expired", e.getMessage());
      case UNREADABLE -> new ApiException(409, "profile_unreadable", e.getMessage());
      case BAD -> new ApiException(400, "bad_profile", e.getMessage());
      case BROWSER -> new ApiException(409, "profile_not_loaded", e.getMessage());
    };
  }

  static ApiException inUse(String name) {
    return new ApiException(409, "profile_in_use",
        "auth profile '" + name + "' is held by another lease; ask with wait_s to queue for it");
  }

  /** Runs blocking profile work, turning its refusals into API errors. */
  static <T> T call(ProfileWork<T> work) {
    try {
      return work.run();
    } catch (ProfileException e) {
      throw new CompletionException(of(e));
    }
  }

  interface ProfileWork<T> {
    T run() throws ProfileException;
  }
}
