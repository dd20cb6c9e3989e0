package dev.escarp.core.lock;

import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a slot's lock right now, as far as can be told without disturbing it.
 *
 * @param pid the holding process, or -1 when unknown
 * @param holder the holder's name from the lock record; empty when the holder wrote none (for
 *     example {@code flock(1)})
 * @param since when the holder took the slot, when it said so
 */
public record SlotHolder(long pid, Optional<String> holder, Optional<Instant> since) {}
