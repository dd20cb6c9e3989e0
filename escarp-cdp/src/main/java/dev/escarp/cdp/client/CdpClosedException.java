package dev.escarp.cdp.client;

/** The connection ended (closed by us, by the browser, or dropped) before the command was answered. */
public final class CdpClosedException extends CdpException {

  private static final long serialVersionUID = 1L;

  public CdpClosedException(String message) {
    super(message);
  }
}
