package dev.escarp.cdp.client;

/** An event listener registration; closing it removes the listener. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  @Override
  void close();
}
