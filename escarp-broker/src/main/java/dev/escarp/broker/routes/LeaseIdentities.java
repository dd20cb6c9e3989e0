package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;
import dev.escarp.core.lease.LeaseIdentity;
import java.util.Optional;

/**
 * The identity an acquire asks for, from {@code tier}, {@code profile} and {@code reset_policy}:
 * none of them means the pool's default. A profile makes the lease {@code delegated} (always
 * wiped); {@code supervised} is named by the contract but refused until the console exists.
 */
final class LeaseIdentities {

  private LeaseIdentities() {}

  static Optional<LeaseIdentity> from(RequestBody body, String poolPolicy) {
    Optional<String> tier = body.optionalText("tier");
    Optional<String> profile = body.optionalText("profile");
    Optional<String> policy = body.optionalText("reset_policy");
    if (tier.isEmpty() && profile.isEmpty() && policy.isEmpty()) {
      return Optional.empty();
    }
    try {
      LeaseIdentity.Tier t = tier.map(LeaseIdentity.Tier::parse)
          .orElse(profile.isPresent() ? LeaseIdentity.Tier.DELEGATED : LeaseIdentity.Tier.AUTONOMOUS);
      if (t == LeaseIdentity.Tier.SUPERVISED) {
        throw new ApiException(400, "unsupported_tier", "tier 'supervised' (a human approves and watches the"
            + " lease, and its profile is saved back at every end) needs escarp's console, which this daemon"
            + " does not have yet; use tier 'delegated' with a profile");
      }
      return Optional.of(new LeaseIdentity(t, profile,
          policy.orElse(t == LeaseIdentity.Tier.DELEGATED ? LeaseIdentity.CLEAN : poolPolicy)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(e.getMessage());
    }
  }
}
