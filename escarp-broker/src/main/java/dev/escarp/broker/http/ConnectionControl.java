package dev.escarp.broker.http;

/**
 * What a route may ask of the connection its request came on. The server closes idle
 * connections, and ones whose request arrives too slowly; a route whose connection stays quiet
 * by design once answered (a stream, a relay) marks it long-lived. A request in flight, such as
 * {@code /hold}, needs no mark: it is never idle.
 */
@FunctionalInterface
public interface ConnectionControl {

  /** No idle or header timeout for this connection from now on. Callable from any thread. */
  void keepOpen();

  /** For requests made without a connection (tests, in-process calls). */
  ConnectionControl NONE = () -> {};
}
