package dev.escarp.core.lease;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a lease acts as, and so what its browser knows when it starts and what is wiped when it
 * ends: its {@link Tier}, the auth profile it was loaded with (delegated leases only) and the
 * reset policy its end gets, by wire name ({@code tabs} or {@code clean}; the resetter interprets
 * it, core only carries it). Every lease record states all three. With client tokens configured,
 * it also names the API client the lease counts against ({@code client}; its quotas are {@link
 * AdmissionLimits}).
 */
public record LeaseIdentity(Tier tier, Optional<String> profile, String resetPolicy, Optional<String> client) {

  /** escarp 1.x's reset: pages closed, cookies and storage kept. */
  public static final String TABS = "tabs";
  /** Pages closed, cookies, storage and cache wiped. */
  public static final String CLEAN = "clean";

  /** The three tiers of DESIGN.md's "Identity". */
  public enum Tier {
    AUTONOMOUS,
    DELEGATED,
    SUPERVISED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Tier parse(String name) {
      for (Tier t : values()) {
        if (t.wireName().equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("tier must be autonomous, delegated or supervised, got '" + name + "'");
    }
  }

  /** @throws IllegalArgumentException for a combination the tiers do not allow */
  public LeaseIdentity {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(resetPolicy, "resetPolicy");
    Objects.requireNonNull(client, "client");
    if (!resetPolicy.equals(TABS) && !resetPolicy.equals(CLEAN)) {
      throw new IllegalArgumentException("reset_policy must be tabs or clean, got '" + resetPolicy + "'");
    }
    if (tier == Tier.AUTONOMOUS && profile.isPresent()) {
      throw new IllegalArgumentException("an autonomous lease has no profile; ask for tier delegated");
    }
    if (tier != Tier.AUTONOMOUS && profile.isEmpty()) {
      throw new IllegalArgumentException("a " + tier.wireName() + " lease needs a profile");
    }
    if (tier != Tier.AUTONOMOUS && !resetPolicy.equals(CLEAN)) {
      throw new IllegalArgumentException("a " + tier.wireName() + " lease is always wiped (reset_policy clean)");
    }
  }

  /** An identity on no client's account. */
  public LeaseIdentity(Tier tier, Optional<String> profile, String resetPolicy) {
    this(tier, profile, resetPolicy, Optional.empty());
  }

  /** The same identity, on this client's account. */
  public LeaseIdentity withClient(String name) {
    return new LeaseIdentity(tier, profile, resetPolicy, Optional.of(name));
  }

  /** An autonomous lease reset by this policy. */
  public static LeaseIdentity autonomous(String resetPolicy) {
    return new LeaseIdentity(Tier.AUTONOMOUS, Optional.empty(), resetPolicy);
  }

  /** A delegated lease: loaded with this auth profile, wiped at its end. */
  public static LeaseIdentity delegated(String profile) {
    return new LeaseIdentity(Tier.DELEGATED, Optional.of(profile), CLEAN);
  }
}
