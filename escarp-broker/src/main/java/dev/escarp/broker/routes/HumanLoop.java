package dev.escarp.broker.routes;

import dev.escarp.broker.approval.Approvals;
import dev.escarp.broker.evidence.Evidence;
import dev.escarp.broker.evidence.LeaseEndings;
import dev.escarp.core.time.Scheduler;

/**
 * What the routes of humans in the loop need: pending approvals, what happens at lease ends, the
 * evidence kept, and a scheduler for timers (never a thread per waiting request).
 */
public record HumanLoop(Approvals approvals, LeaseEndings endings, Evidence evidence, Scheduler scheduler) {}
