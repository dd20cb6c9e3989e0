package dev.escarp.broker.routes;

import dev.escarp.broker.http.ApiException;
import dev.escarp.core.lease.LeaseIdentity;
import java.util.Optional;

/**
 * The identity an acquire asks for, from {@code tier}, {@code profile} and {@code reset_policy}:
 * none of them means the pool's default. A profile makes the lease {@code delegated} (always
 * wiped); {@code supervised} needs a profile too, and a human's approval (see SupervisedAcquire).
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
      return Optional.of(new LeaseIdentity(t, profile,
          policy.orElse(t != LeaseIdentity.Tier.AUTONOMOUS ? LeaseIdentity.CLEAN : poolPolicy)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(e.getMessage());
    }
  }
}
