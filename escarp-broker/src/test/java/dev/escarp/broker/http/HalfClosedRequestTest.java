package dev.escarp.broker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.DaemonPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client may write its request and shut down its sending side before reading (as {@code nc -N}
 * and some scripts do). Routes that answer off the event loop must still answer it.
 */
class HalfClosedRequestTest {

  @RegisterExtension
  static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);

  @Test
  void statusAndAcquire_answerAClientThatHalfClosedAfterItsRequest() {
    // ApiClient.raw shuts its output down once the request is written.
    Reply status = daemon.api().raw("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertEquals(200, status.status(), status.toString());

    String body = "{\"holder\": \"half-closed\"}";
    Reply acquired = daemon.api().raw("POST /acquire HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    assertEquals(200, acquired.status(), acquired.toString());
    assertEquals("half-closed", acquired.json().get("holder").asText());
  }
}
