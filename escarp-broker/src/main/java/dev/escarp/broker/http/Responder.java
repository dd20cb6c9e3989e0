package dev.escarp.broker.http;

import java.util.Map;

/** How a {@link StreamingRoute} answers its request: one response, or an open event stream. */
public interface Responder {

  /** One whole response with extra headers. Callable from any thread. */
  void respond(ApiResponse response, Map<String, String> headers);

  /**
   * A {@code 200 text/event-stream} response kept open; the connection is exempt from the idle
   * timeout from now on. Callable from any thread.
   */
  EventStream stream(Map<String, String> headers);
}
