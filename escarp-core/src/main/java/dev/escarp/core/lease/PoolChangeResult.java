package dev.escarp.core.lease;

/** The outcome of adding a slot to, or removing one from, a running pool. */
public sealed interface PoolChangeResult {

  record Added(SlotSnapshot slot) implements PoolChangeResult {}

  record Removed(int slot) implements PoolChangeResult {}

  record AlreadyInPool(int slot) implements PoolChangeResult {}

  record NotInPool(int slot) implements PoolChangeResult {}

  /** The slot is leased and removal was not forced. */
  record Leased(int slot) implements PoolChangeResult {}
}
