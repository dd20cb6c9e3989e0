package dev.escarp.cdp.client;

import java.time.Duration;

/** A command got no answer within its timeout; the connection itself stays usable. */
public final class CdpTimeoutException extends CdpException {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final Duration timeout;

  public CdpTimeoutException(String method, Duration timeout) {
    super(method + " got no answer within " + timeout.toMillis() + " ms");
    this.method = method;
    this.timeout = timeout;
  }

  public String method() {
    return method;
  }

  public Duration timeout() {
    return timeout;
  }
}
