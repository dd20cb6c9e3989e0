package dev.escarp.cdp.client;

/**
 * A DevTools command or connection failed. Subclasses say how: {@link CdpCommandException} (the
 * browser answered with an error), {@link CdpTimeoutException} (no answer in time) and {@link
 * CdpClosedException} (the connection ended first). A plain {@code CdpException} means the
 * connection could not be opened.
 */
public class CdpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CdpException(String message) {
    super(message);
  }

  public CdpException(String message, Throwable cause) {
    super(message, cause);
  }
}
