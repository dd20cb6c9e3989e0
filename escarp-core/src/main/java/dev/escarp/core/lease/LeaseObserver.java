package dev.escarp.core.lease;

/**
 * Told of every lease the table grants (also hand-offs to waiters and leases restored at start)
 * and of every lease that ends by release, expiry or removal, before its slot's reset starts. The
 * daemon watches leased browsers and keeps evidence through it.
 *
 * <p>Thread rules: called with the table's lock held. Record what you need and return; never
 * block, never call back into the table.
 */
public interface LeaseObserver {

  /** A lease was granted or restored. */
  default void granted(Lease lease) {}

  /** The lease ended; its slot's reset has not started yet. */
  default void ended(Lease lease, LeaseEnd.Reason reason) {}

  /** An observer that does nothing (the default). */
  static LeaseObserver none() {
    return new LeaseObserver() {};
  }
}
