package dev.escarp.client;

/** Thrown by {@link BrokerResult#orElseThrow()} when a call did not succeed. */
public final class BrokerException extends RuntimeException {

  public BrokerException(String message) {
    super(message);
  }
}
