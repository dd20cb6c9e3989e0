package dev.escarp.macos.window;

/** A CDP call that calibration or focusing needed did not work; turned into a typed result by its caller. */
public final class WindowCdpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WindowCdpException(String message) {
    super(message);
  }

  public WindowCdpException(String message, Throwable cause) {
    super(message, cause);
  }
}
