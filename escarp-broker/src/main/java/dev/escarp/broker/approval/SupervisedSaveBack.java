package dev.escarp.broker.approval;

import dev.escarp.broker.evidence.LeaseEndings;
import dev.escarp.broker.profiles.AuthProfiles;
import dev.escarp.core.lease.Lease;
import dev.escarp.core.lease.LeaseIdentity;

/**
 * At the end of an approved supervised lease, before its wipe, the browser's logins are saved
 * back into its auth profile: what a human did during the lease persists. A lease that was never
 * approved (rejected, timed out) ran nothing worth keeping and is not saved.
 */
public final class SupervisedSaveBack implements LeaseEndings.Watcher {

  private static final System.Logger LOG = System.getLogger(SupervisedSaveBack.class.getName());

  private final Approvals approvals;
  private final AuthProfiles profiles;

  public SupervisedSaveBack(Approvals approvals, AuthProfiles profiles) {
    this.approvals = approvals;
    this.profiles = profiles;
  }

  @Override
  public void beforeReset(LeaseEndings.Ended ended) throws Exception {
    Lease lease = ended.lease();
    if (lease.identity().tier() != LeaseIdentity.Tier.SUPERVISED || !approvals.wasApproved(lease.leaseId())) {
      return;
    }
    approvals.forget(lease.leaseId());
    String profile = lease.identity().profile().orElseThrow();
    profiles.saveFrom(lease.slot(), profile);
    LOG.log(System.Logger.Level.INFO, "saved the supervised lease on slot " + lease.slot().index()
        + " back into auth profile '" + profile + "'");
  }
}
